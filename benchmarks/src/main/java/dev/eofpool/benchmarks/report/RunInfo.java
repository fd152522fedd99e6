package dev.eofpool.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * What the report says about how a run was made.
 *
 * @param date when it started (UTC)
 * @param machine cores, CPU model, memory, OS
 * @param loadBefore load averages when it started
 * @param loadAfter load averages when it ended
 * @param server the target server
 * @param ceiling the load generator used as the ceiling ({@code wrk 4.1.0}), or a reason it is missing
 * @param jdks the JDKs the workers ran on
 * @param libraries library name to version
 * @param method warm-up, window, rounds, heap and ordering, in words
 * @param command the exact command
 * @param notes free text added to the report (caveats), possibly empty
 */
public record RunInfo(String date, String machine, String loadBefore, String loadAfter, String server, String ceiling,
		List<String> jdks, Map<String, String> libraries, String method, String command, String notes) {
}
