package dev.eofpool.benchmarks.report;

import java.util.Locale;

/** Number formats shared by the table and the chart. */
final class Format {

	private Format() {
	}

	/** {@code 12,345}, or an en dash for a missing value. */
	static String count(double value) {
		return Double.isNaN(value) || value < 0 ? "–" : String.format(Locale.ROOT, "%,.0f", value);
	}

	/** Three significant figures: {@code 0.123}, {@code 12.3}, {@code 1,234}. */
	static String figure(double value) {
		if (Double.isNaN(value) || value < 0) {
			return "–";
		}
		if (value >= 100) {
			return count(value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/** {@code 1.32×}. */
	static String ratio(double value) {
		return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%.2f×", value);
	}

	/** Kibibytes with one decimal: {@code 17.5 KB}. */
	static String kilobytes(double bytes) {
		return Double.isNaN(bytes) || bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f KB", bytes / 1000);
	}
}
