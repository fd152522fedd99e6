package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Virtual threads on JDK 21-23 pin their carrier while inside a monitor, so a {@code synchronized} block around a
 * socket read or a pool wait would stall the carrier pool. JDK 24+ no longer pins, so a run on JDK 25 cannot show it:
 * the rule is proven statically instead. {@link ArchitectureTest} checks with ArchUnit that no method is
 * {@code synchronized} (the {@code ACC_SYNCHRONIZED} flag) and none calls {@code Object.wait}/{@code notify}; a
 * {@code synchronized} <em>block</em> is only a {@code monitorenter} instruction in a method's bytecode, which ArchUnit
 * does not model, so this test disassembles every compiled transport class and finds none.
 */
class NoMonitorsOnBlockingPathsTest {

	/** Monitors that remain, each with why it never spans I/O or a wait. None today. */
	private static final List<String> ALLOWED = List.of();

	@Test
	void transportClassesHaveNoSynchronizedBlocks() throws IOException {
		ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
		Path classes = Paths.get("target/classes");
		List<Path> files;
		try (Stream<Path> walk = Files.walk(classes)) {
			files = walk.filter((p) -> p.toString().endsWith(".class")).toList();
		}
		assertThat(files).as("compiled transport classes").hasSizeGreaterThan(20);
		List<String> found = new ArrayList<>();
		for (Path file : files) {
			StringWriter out = new StringWriter();
			int rc = javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p",
					file.toString());
			assertThat(rc).isZero();
			String text = out.toString();
			String name = classes.relativize(file).toString();
			for (String line : text.split("\n")) {
				if (line.contains("monitorenter")) {
					found.add(name + ": " + line.trim());
				}
			}
		}
		found.removeIf((f) -> ALLOWED.stream().anyMatch(f::startsWith));
		assertThat(found).as("synchronized blocks in transport classes").isEmpty();
	}
}
