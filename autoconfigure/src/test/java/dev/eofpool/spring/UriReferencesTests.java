package dev.eofpool.spring;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link UriReferences}: every example of RFC 3986 5.4.1 and 5.4.2 (base {@code http://a/b/c/d;p?q}), at the string
 * level and as redirect targets, then what redirects add: percent-encoding kept, illegal characters encoded, the
 * fragment rule of RFC 9110 10.2.2, and references refused with the {@code Location} named.
 */
class UriReferencesTests {

	private static final String BASE = "http://a/b/c/d;p?q";

	@ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			g:h           | g:h
			g             | http://a/b/c/g
			./g           | http://a/b/c/g
			g/            | http://a/b/c/g/
			/g            | http://a/g
			//g           | http://g
			?y            | http://a/b/c/d;p?y
			g?y           | http://a/b/c/g?y
			"#s"          | http://a/b/c/d;p?q#s
			g#s           | http://a/b/c/g#s
			g?y#s         | http://a/b/c/g?y#s
			;x            | http://a/b/c/;x
			g;x           | http://a/b/c/g;x
			g;x?y#s       | http://a/b/c/g;x?y#s
			""            | http://a/b/c/d;p?q
			.             | http://a/b/c/
			./            | http://a/b/c/
			..            | http://a/b/
			../           | http://a/b/
			../g          | http://a/b/g
			../..         | http://a/
			../../        | http://a/
			../../g       | http://a/g
			""")
	void normalExamples(String reference, String expected) {
		assertResolves(reference, expected);
	}

	@ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			../../../g    | http://a/g
			../../../../g | http://a/g
			/./g          | http://a/g
			/../g         | http://a/g
			g.            | http://a/b/c/g.
			.g            | http://a/b/c/.g
			g..           | http://a/b/c/g..
			..g           | http://a/b/c/..g
			./../g        | http://a/b/g
			./g/.         | http://a/b/c/g/
			g/./h         | http://a/b/c/g/h
			g/../h        | http://a/b/c/h
			g;x=1/./y     | http://a/b/c/g;x=1/y
			g;x=1/../y    | http://a/b/c/y
			g?y/./x       | http://a/b/c/g?y/./x
			g?y/../x      | http://a/b/c/g?y/../x
			g#s/./x       | http://a/b/c/g#s/./x
			g#s/../x      | http://a/b/c/g#s/../x
			http:g        | http:g
			""")
	void abnormalExamples(String reference, String expected) {
		assertResolves(reference, expected);
	}

	private static void assertResolves(String reference, String expected) {
		assertThat(UriReferences.resolve(BASE, reference)).isEqualTo(expected);
		assertThat(UriReferences.redirectTarget(URI.create(BASE), reference)).hasToString(expected);
	}

	@Test
	void queryOnlyLocationKeepsThePath() {
		URI target = UriReferences.redirectTarget(URI.create("http://localhost:8080/a/b/query"), "?f=query");
		assertThat(target).hasToString("http://localhost:8080/a/b/query?f=query");
		// what java.net.URI (RFC 2396) does, and why this class exists
		assertThat(URI.create("http://localhost:8080/a/b/query").resolve("?f=query"))
			.hasToString("http://localhost:8080/a/b/?f=query");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			https://other.example/x?y=1#z      | https://other.example/x?y=1#z
			HTTP://Other.Example:8443/p        | HTTP://Other.Example:8443/p
			//host/p                           | https://host/p
			//host:81                          | https://host:81
			//[::1]:8443/v6                    | https://[::1]:8443/v6
			http://user@host/p                 | http://user@host/p
			""")
	void absoluteAndSchemeRelativeLocations(String location, String expected) {
		URI target = UriReferences.redirectTarget(URI.create("https://origin.example/a/b"), location);
		assertThat(target).hasToString(expected);
		assertThat(target.getHost()).isNotNull();
	}

	@Test
	void schemeRelativeLocationTakesTheHostAndPortItGives() {
		URI target = UriReferences.redirectTarget(URI.create("http://origin:8080/a"), "//other:9090/p?q");
		assertThat(target.getScheme()).isEqualTo("http");
		assertThat(target.getHost()).isEqualTo("other");
		assertThat(target.getPort()).isEqualTo(9090);
		assertThat(target.getRawPath()).isEqualTo("/p");
		assertThat(target.getRawQuery()).isEqualTo("q");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/a%2Fb/c%3F?x=%26%3D&y=%2B    | http://h/a%2Fb/c%3F?x=%26%3D&y=%2B
			/%2e%2E/x                     | http://h/%2e%2E/x
			/caf%C3%A9                    | http://h/caf%C3%A9
			/lower%c3%a9                  | http://h/lower%c3%a9
			""")
	void percentEncodingIsKeptAsGiven(String location, String expected) {
		URI target = UriReferences.redirectTarget(URI.create("http://h/base"), location);
		assertThat(target).hasToString(expected);
		assertThat(target.getRawPath() + ((target.getRawQuery() != null) ? "?" + target.getRawQuery() : ""))
			.isEqualTo(location);
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " => ", textBlock = """
			/a b?c d#e f       => http://h/a%20b?c%20d#e%20f
			/x?q="<>\\^`{|}    => http://h/x?q=%22%3C%3E%5C%5E%60%7B%7C%7D
			/arr?x[0]=1        => http://h/arr?x%5B0%5D=1
			/p#frag#more       => http://h/p#frag%23more
			/p?q??#f?          => http://h/p?q??#f?
			""")
	void charactersIllegalInAUriAreEncodedAndNothingElse(String location, String expected) {
		assertThat(UriReferences.redirectTarget(URI.create("http://h/base"), location)).hasToString(expected);
	}

	@Test
	void nonAsciiCharactersAreEncodedAsTheHeaderBytes() {
		// "/café" sent as UTF-8 arrives as ISO-8859-1 characters, one per byte: C3 A9
		String wire = new String("/café".getBytes(java.nio.charset.StandardCharsets.UTF_8),
				java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(UriReferences.redirectTarget(URI.create("http://h/"), wire)).hasToString("http://h/caf%C3%A9");
		// a string that cannot have come from the wire: UTF-8, surrogate pairs included
		assertThat(UriReferences.redirectTarget(URI.create("http://h/"), "/\u20ac/\uD83D\uDE00"))
			.hasToString("http://h/%E2%82%AC/%F0%9F%98%80");
	}

	@Test
	void locationWithoutFragmentInheritsTheRequestFragment() {
		URI request = URI.create("http://h/a/b#section");
		assertThat(UriReferences.redirectTarget(request, "/c")).hasToString("http://h/c#section");
		assertThat(UriReferences.redirectTarget(request, "/c#other")).hasToString("http://h/c#other");
		assertThat(UriReferences.redirectTarget(request, "?q")).hasToString("http://h/a/b?q#section");
		assertThat(UriReferences.redirectTarget(URI.create("http://h/a/b"), "/c").getRawFragment()).isNull();
		// the plain RFC 3986 resolution never keeps the base's fragment
		assertThat(UriReferences.resolve("http://h/a/b#section", "/c")).isEqualTo("http://h/c");
	}

	@Test
	void surroundingWhitespaceIsIgnored() {
		assertThat(UriReferences.redirectTarget(URI.create("http://h/a/b"), "  ?f=1 \t")).hasToString("http://h/a/b?f=1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/bad%zzescape", "/cut%4", "/cut%", "1abc:path", "-x:y", "http://ho st/p",
			"http://h\u00e9ll\u00f6/p", "http://host:port/p", "http://[::1/p", "http://h/\u0000", "/a\r\nX-Injected: 1",
			"http://h/\u007f" })
	void garbageIsRefusedNamingTheLocation(String location) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UriReferences.redirectTarget(URI.create("http://origin/a"), location))
			.withMessageContaining("Location '" + location + "'");
	}

	@Test
	void baseMustBeAbsolute() {
		assertThatIllegalArgumentException().isThrownBy(() -> UriReferences.resolve("/relative", "g"))
			.withMessageContaining("/relative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UriReferences.redirectTarget(URI.create("/relative"), "g"))
			.withMessageContaining("Location 'g'");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/a/b/c/./../../g  | /a/g
			mid/content=5/../6 | mid/6
			/..               | /
			/.                | /
			../a              | a
			/a/b/..           | /a/
			/a//../b          | /a/b
			""")
	void removeDotSegmentsFollowsSection524(String input, String expected) {
		assertThat(UriReferences.removeDotSegments(input)).isEqualTo(expected);
	}

}
