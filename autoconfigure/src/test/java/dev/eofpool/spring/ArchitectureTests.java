package dev.eofpool.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The Spring module's boundary, checked on its compiled main classes. */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.eofpool.spring");

	@Test
	void springModuleUsesOnlyTheTransportsExportedApi() {
		assertThat(MAIN).as("imported auto-configuration classes").hasSizeGreaterThan(10);
		noClasses().that()
			.resideInAPackage("dev.eofpool.spring..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.eofpool.transport.internal..")
			.because("the transport's module exports only dev.eofpool.transport, .tls and .proxy; the internals may"
					+ " change in any release")
			.check(MAIN);
	}
}
