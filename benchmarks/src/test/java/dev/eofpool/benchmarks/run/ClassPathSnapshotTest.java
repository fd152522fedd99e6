package dev.eofpool.benchmarks.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathSnapshotTest {

	@Test
	void copiesOnlyEofpoolJars(@TempDir Path dir) throws Exception {
		Path own = Files.createDirectories(dir.resolve("repo/dev/eofpool/eofpool-transport/0.1.0-SNAPSHOT"));
		Path jar = Files.writeString(own.resolve("eofpool-transport-0.1.0-SNAPSHOT.jar"), "first build");
		Path other = Files.writeString(dir.resolve("httpclient5-5.5.2.jar"), "peer");
		Path classes = Files.createDirectories(dir.resolve("classes"));
		String classPath = String.join(File.pathSeparator, jar.toString(), other.toString(), classes.toString());
		String snapshot = ClassPathSnapshot.take(classPath, dir.resolve("lib"));
		Path copy = dir.resolve("lib/eofpool-transport-0.1.0-SNAPSHOT.jar").toAbsolutePath();
		assertEquals(String.join(File.pathSeparator, copy.toString(), other.toString(), classes.toString()), snapshot);
		// a build installed during the run does not reach the workers
		Files.writeString(jar, "second build");
		assertEquals("first build", Files.readString(copy));
	}
}
