package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.eofpool.transport.internal.http1.HeaderRules;

/**
 * Header lookups skip the fields when the names' filter proves a name absent: the answers stay those of comparing
 * every name with {@link String#equalsIgnoreCase}, for built and for received headers, whatever the case asked.
 */
class HeaderLookupTest {

	/** Names a response carries, and names the transport asks for, with some of the same length and ends. */
	private static final List<String> NAMES = List.of("Content-Length", "Content-Type", "Connection", "Keep-Alive",
			"Transfer-Encoding", "Content-Encoding", "Host", "Date", "Server", "ETag", "X-a", "X-b", "Y-a", "A", "a1",
			"Last-Modified", "Accept-Ranges", "Proxy-Authorization", "Set-Cookie", "Vary");

	@Test
	void namesEqualIgnoringCaseSetTheSameBit() {
		for (String name : NAMES) {
			long bit = HeaderRules.nameBit(name);
			assertThat(Long.bitCount(bit)).isEqualTo(1);
			assertThat(HeaderRules.nameBit(name.toUpperCase(Locale.ROOT))).isEqualTo(bit);
			assertThat(HeaderRules.nameBit(name.toLowerCase(Locale.ROOT))).isEqualTo(bit);
			byte[] received = ("x" + name.toUpperCase(Locale.ROOT) + "x").getBytes(StandardCharsets.ISO_8859_1);
			assertThat(HeaderRules.nameBit(received, 1, received.length - 1)).isEqualTo(bit);
		}
		// a name not spelled in ASCII at its ends may equal an ASCII one ignoring case: it filters nothing out
		assertThat(HeaderRules.nameBit("\u212Aeep-Alive")).isEqualTo(-1L);
		assertThat("\u212Aeep-Alive".equalsIgnoreCase("Keep-Alive")).isTrue();
	}

	@Test
	void lookupsAnswerAsComparingEveryName() {
		Random random = new Random(19);
		for (int round = 0; round < 300; round++) {
			List<String> fields = new ArrayList<>();
			int count = random.nextInt(9);
			for (int i = 0; i < count; i++) {
				fields.add(spelled(NAMES.get(random.nextInt(NAMES.size())), random));
				fields.add("v" + i + ((random.nextInt(3) == 0) ? ", close" : ""));
			}
			for (HttpHeaders headers : List.of(built(fields), received(fields))) {
				for (String asked : NAMES) {
					String name = spelled(asked, random);
					assertThat(headers.contains(name)).as(name + " in " + fields).isEqualTo(!all(fields, name).isEmpty());
					assertThat(headers.all(name)).as(name + " in " + fields).isEqualTo(all(fields, name));
					assertThat(headers.count(name)).as(name + " in " + fields).isEqualTo(all(fields, name).size());
					assertThat(headers.first(name)).as(name + " in " + fields)
						.isEqualTo(all(fields, name).isEmpty() ? null : all(fields, name).get(0));
					assertThat(headers.containsToken(name, "close")).as(name + " in " + fields)
						.isEqualTo(all(fields, name).stream().anyMatch((v) -> v.endsWith(", close")));
				}
			}
		}
		HttpHeaders keepAlive = built(List.of("Keep-Alive", "timeout=5"));
		assertThat(keepAlive.first("\u212Aeep-Alive")).isEqualTo("timeout=5");
		assertThat(keepAlive.first(null)).isNull();
		assertThat(keepAlive.count(null)).isZero();
		assertThat(keepAlive.contains("Keep-Alivf")).isFalse();
	}

	private static String spelled(String name, Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> name.toUpperCase(Locale.ROOT);
			case 1 -> name.toLowerCase(Locale.ROOT);
			default -> name;
		};
	}

	private static List<String> all(List<String> fields, String name) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < fields.size(); i += 2) {
			if (fields.get(i).equalsIgnoreCase(name)) {
				values.add(fields.get(i + 1));
			}
		}
		return values;
	}

	private static HttpHeaders built(List<String> fields) {
		HttpHeaders.Builder builder = HttpHeaders.builder();
		for (int i = 0; i < fields.size(); i += 2) {
			builder.add(fields.get(i), fields.get(i + 1));
		}
		return builder.build();
	}

	/** The fields as the parser hands them over: one block of {@code name: value\r\n} lines and their spans. */
	private static HttpHeaders received(List<String> fields) {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		int[] spans = new int[2 * fields.size()];
		for (int i = 0; i < fields.size(); i += 2) {
			spans[2 * i] = block.size();
			block.writeBytes(fields.get(i).getBytes(StandardCharsets.ISO_8859_1));
			spans[2 * i + 1] = block.size();
			block.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
			spans[2 * i + 2] = block.size();
			block.writeBytes(fields.get(i + 1).getBytes(StandardCharsets.ISO_8859_1));
			spans[2 * i + 3] = block.size();
			block.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		return HttpHeaders.ofBlock(block.toByteArray(), spans, fields.size() / 2);
	}

}
