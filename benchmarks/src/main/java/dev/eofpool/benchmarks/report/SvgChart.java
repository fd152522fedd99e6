package dev.eofpool.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chart the README shows: for each cell a group of horizontal bars, one per contender plus wrk, each group on its
 * own scale (its highest req/s fills the width), so cells of very different rates read alike. Plain SVG 1.1 text, no
 * script, no external font.
 */
public final class SvgChart {

	private static final int WIDTH = 900;

	private static final int LABEL_WIDTH = 190;

	private static final int BAR_AREA = 560;

	private static final int BAR_HEIGHT = 13;

	private static final int ROW = 16;

	private static final int GROUP_GAP = 14;

	private static final int TOP = 46;

	private static final String WRK_COLOUR = "#9e9e9e";

	/** One colour per contender, in table order; eofpool's two are the strong reds. */
	private static final String[] PALETTE = { "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
			"#17becf", "#bcbd22", "#7f7f7f" };

	private static final String EOFPOOL = "#d62728";

	private static final String EOFPOOL_RAW = "#f08080";

	private SvgChart() {
	}

	/** @param title the chart's title, e.g. the run's date and machine */
	public static String render(List<CellSummary> cells, String title) {
		List<String> names = new ArrayList<>();
		for (ContenderSummary s : cells.get(0).contenders()) {
			names.add(s.name());
		}
		int rowsPerGroup = names.size() + 1;
		int height = TOP + cells.size() * (rowsPerGroup * ROW + 18 + GROUP_GAP) + 10;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\">\n",
				WIDTH, height, WIDTH, height));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
		text(svg, 10, 18, "font-size=\"14\" font-weight=\"bold\"",
				"Requests per second through RestClient (raw: below Spring); each cell on its own scale");
		text(svg, 10, 34, "fill=\"#555555\"", title);
		int y = TOP;
		for (CellSummary cell : cells) {
			text(svg, 10, y + 12, "font-weight=\"bold\"", cell.cell().label());
			y += 18;
			double max = cell.maxRps();
			for (int i = 0; i < cell.contenders().size(); i++) {
				ContenderSummary s = cell.contenders().get(i);
				bar(svg, y, s.name(), s, max, colour(s, i));
				y += ROW;
			}
			if (cell.wrk() != null) {
				bar(svg, y, "wrk (ceiling)", cell.wrk(), max, WRK_COLOUR);
			}
			else {
				text(svg, LABEL_WIDTH - 6, y + 10, "text-anchor=\"end\" fill=\"#999999\"", "wrk (ceiling)");
				text(svg, LABEL_WIDTH, y + 10, "fill=\"#999999\"", "not run");
			}
			y += ROW + GROUP_GAP;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void bar(StringBuilder svg, int y, String label, ContenderSummary s, double max, String colour) {
		text(svg, LABEL_WIDTH - 6, y + 10, "text-anchor=\"end\"" + (s.eofpool() ? " font-weight=\"bold\"" : ""),
				label);
		if (!s.ran() || max <= 0) {
			text(svg, LABEL_WIDTH, y + 10, "fill=\"#999999\"", "n/a");
			return;
		}
		double length = Math.max(1, BAR_AREA * s.rps() / max);
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", LABEL_WIDTH, y, length,
				BAR_HEIGHT, colour));
		String value = Format.count(s.rps()) + (s.errors() > 0 ? " (" + s.errors() + " errors)" : "");
		text(svg, (int) (LABEL_WIDTH + length + 4), y + 10, "", value);
	}

	private static String colour(ContenderSummary s, int index) {
		if (s.eofpool()) {
			return s.viaRestClient() ? EOFPOOL : EOFPOOL_RAW;
		}
		return PALETTE[index % PALETTE.length];
	}

	private static void text(StringBuilder svg, int x, int y, String attributes, String content) {
		svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"');
		if (!attributes.isEmpty()) {
			svg.append(' ').append(attributes);
		}
		svg.append('>').append(escape(content)).append("</text>\n");
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
