package dev.eofpool.benchmarks.contenders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every contender, in table order: eofpool and the Spring peers, the raw transports, then the JVM socket floor. */
public final class Contenders {

	private static final List<Contender> ALL = List.of(new EofPoolContender(), new HttpComponentsContender(),
			new JdkContender(), new JettyContender(), new ReactorContender(), new SimpleContender(),
			new EofPoolRawContender(), new OkHttpRawContender(), new HttpComponentsRawContender(),
			new SocketFloorContender(false));

	/** Contenders run only when named: variants of eofpool's settings, never part of the report's default set. */
	private static final List<Contender> NAMED_ONLY = List.of(new EofPoolUncompressedContender(),
			new EofPoolListenedContender(), new EofPoolObservedContender(true),
			new EofPoolObservedContender(false), new SocketFloorContender(true));

	/** The name of the JVM socket floor that eofpool's targets are set against. */
	public static final String FLOOR = SocketFloorContender.NAME;

	private Contenders() {
	}

	public static List<Contender> all() {
		return ALL;
	}

	/**
	 * The contender of that name, matched case-insensitively and ignoring spaces and anything in brackets
	 * ({@code rawokhttp}, {@code simple}, {@code "JDK HttpClient"}).
	 */
	public static Contender named(String name) {
		String wanted = key(name);
		List<String> names = new ArrayList<>();
		for (List<Contender> list : List.of(ALL, NAMED_ONLY)) {
			for (Contender c : list) {
				if (key(c.name()).equals(wanted)) {
					return c;
				}
				names.add(key(c.name()));
			}
		}
		throw new IllegalArgumentException("Unknown contender '" + name + "': expected one of " + names);
	}

	/** The command-line form of a name: lower case, no spaces, no bracketed remark. */
	public static String key(String name) {
		String bare = name.replaceAll("\\(.*\\)", "");
		return bare.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
	}
}
