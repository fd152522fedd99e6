package dev.eofpool.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpTransport;

/**
 * The transport as a named module: the built jar (or classes directory) is loaded into a module layer of its own, its
 * descriptor exports the three API packages and nothing under {@code internal}, and a request sent through the
 * exported API from outside the module gets its answer. The rest of the build uses the same jar on the class path.
 */
class ModulePathTest {

	private static final String MODULE = "dev.eofpool.transport";

	@Test
	void theTransportIsANamedModuleThatExportsOnlyItsApi() throws Exception {
		ModuleDescriptor descriptor = finder().find(MODULE).orElseThrow().descriptor();
		Set<String> exported = descriptor.exports()
			.stream()
			.map(ModuleDescriptor.Exports::source)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(exported).containsExactly("dev.eofpool.transport", "dev.eofpool.transport.proxy",
				"dev.eofpool.transport.tls");
		assertThat(descriptor.packages()).contains("dev.eofpool.transport.internal.pool",
				"dev.eofpool.transport.internal.connection", "dev.eofpool.transport.internal.http1",
				"dev.eofpool.transport.internal.io");
		assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name))
			.as("the transport needs the JDK alone")
			.allMatch((name) -> name.startsWith("java.") || name.startsWith("jdk."));
	}

	@Test
	void aRequestThroughTheModuleLayerGetsItsAnswer() throws Exception {
		ModuleLayer layer = ModuleLayer.boot()
			.defineModulesWithOneLoader(ModuleLayer.boot()
				.configuration()
				.resolve(finder(), ModuleFinder.of(), Set.of(MODULE)), ClassLoader.getPlatformClassLoader());
		Module module = layer.findModule(MODULE).orElseThrow();
		assertThat(module.isExported("dev.eofpool.transport")).isTrue();
		assertThat(module.isExported("dev.eofpool.transport.internal.pool")).isFalse();
		ClassLoader loader = layer.findLoader(MODULE);
		Class<?> transportType = loader.loadClass("dev.eofpool.transport.HttpTransport");
		assertThat(transportType.getModule()).isSameAs(module).isNotSameAs(HttpTransport.class.getModule());
		Class<?> requestType = loader.loadClass("dev.eofpool.transport.HttpRequest");
		Class<?> responseType = loader.loadClass("dev.eofpool.transport.HttpResponse");
		try (TestServer server = TestServer.responding((c, request) -> c.respond(200, "from the module"))) {
			Object transport = transportType.getMethod("create").invoke(null);
			try {
				Object request = requestType.getMethod("get", URI.class).invoke(null, server.uri("/"));
				Object response = transportType.getMethod("send", requestType).invoke(transport, request);
				try (InputStream body = (InputStream) responseType.getMethod("body").invoke(response)) {
					assertThat(responseType.getMethod("status").invoke(response)).isEqualTo(200);
					assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the module");
				}
			}
			finally {
				transportType.getMethod("close").invoke(transport);
			}
			assertThat(server.accepted()).isEqualTo(1);
		}
	}

	/** Finds the module where the build put the transport: its jar after {@code package}, else its classes. */
	private static ModuleFinder finder() throws Exception {
		Path location = Path.of(HttpTransport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		return ModuleFinder.of(location);
	}
}
