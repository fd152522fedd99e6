package dev.eofpool.benchmarks.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Freezes eofpool's own jars for the length of a run. A run takes many minutes while other builds may install a new
 * snapshot into the local repository; every worker must measure the same build, so the run copies the
 * {@code dev/eofpool} jars once, at its start, and its workers load the copies.
 */
final class ClassPathSnapshot {

	private static final String OWN = File.separator + "dev" + File.separator + "eofpool" + File.separator;

	private ClassPathSnapshot() {
	}

	/** The class path with every eofpool jar replaced by a copy in {@code dir}. */
	static String take(String classPath, Path dir) throws IOException {
		List<String> entries = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			Path path = Paths.get(entry);
			if (entry.contains(OWN) && entry.endsWith(".jar") && Files.isRegularFile(path)) {
				Files.createDirectories(dir);
				Path copy = dir.resolve(path.getFileName());
				Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
				entries.add(copy.toAbsolutePath().toString());
			}
			else {
				entries.add(entry);
			}
		}
		return String.join(File.pathSeparator, entries);
	}
}
