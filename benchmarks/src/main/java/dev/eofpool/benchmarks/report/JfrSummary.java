package dev.eofpool.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of a worker and lists where it spent CPU (execution samples) and what it allocated
 * (allocation samples, by weight): by the sampled frame itself, and by the first frame in eofpool's own code on the
 * stack, which is what its authors can change.
 */
public final class JfrSummary {

	private static final String OWN = "dev.eofpool.";

	private static final String HARNESS = "dev.eofpool.benchmarks.";

	private JfrSummary() {
	}

	/** Prints the summary of a recording: {@code JfrSummary file.jfr [top]}. */
	public static void main(String[] args) throws IOException {
		System.out.print(summarise(Paths.get(args[0]), (args.length > 1) ? Integer.parseInt(args[1]) : 25));
	}

	public static String summarise(Path jfr, int top) throws IOException {
		Map<String, Long> cpuTop = new HashMap<>();
		Map<String, Long> cpuOwn = new HashMap<>();
		Map<String, Long> allocTop = new HashMap<>();
		Map<String, Long> allocOwn = new HashMap<>();
		Map<String, Long> allocClass = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
			String type = e.getEventType().getName();
			RecordedStackTrace stack = e.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			if ("jdk.ExecutionSample".equals(type)) {
				samples++;
				cpuTop.merge(frame(stack.getFrames().get(0)), 1L, Long::sum);
				cpuOwn.merge(firstOwn(stack.getFrames()), 1L, Long::sum);
			}
			else if ("jdk.ObjectAllocationSample".equals(type)) {
				long weight = e.getLong("weight");
				String cls = e.getClass("objectClass").getName();
				allocated += weight;
				allocTop.merge(cls + " at " + frame(stack.getFrames().get(0)), weight, Long::sum);
				allocOwn.merge(cls + " from " + firstOwn(stack.getFrames()), weight, Long::sum);
				allocClass.merge(cls, weight, Long::sum);
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("recording: ").append(jfr.getFileName()).append('\n');
		section(out, "CPU samples by top frame", cpuTop, samples, top, "samples");
		section(out, "CPU samples by first eofpool frame on the stack", cpuOwn, samples, top, "samples");
		section(out, "allocation (sampled weight) by class", allocClass, allocated, top, "bytes");
		section(out, "allocation by class and allocating frame", allocTop, allocated, top, "bytes");
		section(out, "allocation by class and first eofpool frame on the stack", allocOwn, allocated, top, "bytes");
		return out.toString();
	}

	private static void section(StringBuilder out, String title, Map<String, Long> counts, long total, int top,
			String unit) {
		out.append("\n== ").append(title).append(" (total ").append(total).append(' ').append(unit).append(")\n");
		List<Map.Entry<String, Long>> sorted = counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(top)
			.collect(Collectors.toList());
		for (Map.Entry<String, Long> e : sorted) {
			out.append(String.format(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
					e.getKey()));
		}
	}

	private static String firstOwn(List<RecordedFrame> frames) {
		for (RecordedFrame f : frames) {
			String type = f.getMethod().getType().getName();
			if (type.startsWith(OWN) && !type.startsWith(HARNESS)) {
				return frame(f);
			}
		}
		return "(no eofpool frame)";
	}

	private static String frame(RecordedFrame f) {
		String type = f.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
	}
}
