package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DigitsTest {

	@Test
	void decimalsUpToTheirDigitLimit() {
		assertThat(Digits.decimal("0", 18)).isZero();
		assertThat(Digits.decimal("0042", 18)).isEqualTo(42);
		assertThat(Digits.decimal("999999999999999999", 18)).isEqualTo(999_999_999_999_999_999L);
		assertThat(Digits.decimal("1000000000000000000", 18)).isEqualTo(-1); // 19 digits: refused, never overflows
		assertThat(Digits.decimal("123456789", 9)).isEqualTo(123_456_789);
		assertThat(Digits.decimal("1234567890", 9)).isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " 1", "1 ", "+1", "-1", "1.0", "0x10", "1e3", "\u0661\u0662", "\u00b9" })
	void anythingButAsciiDigitsIsRefused(String value) {
		assertThat(Digits.decimal(value, 18)).isEqualTo(-1);
	}

	@Test
	void hexInEitherCaseUpToFifteenDigits() {
		assertThat(hex("0")).isZero();
		assertThat(hex("ff")).isEqualTo(255);
		assertThat(hex("FF")).isEqualTo(255);
		assertThat(hex("7fffffffffffffff".substring(1))).isEqualTo(0xfffffffffffffffL);
		assertThat(hex("1000000000000000")).isEqualTo(-1); // 16 digits
		assertThat(hex("")).isEqualTo(-1);
		assertThat(hex("1g")).isEqualTo(-1);
	}

	@Test
	void theHexRunStopsAtTheFirstNonDigit() {
		byte[] a = "1aF;ext=1".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(Digits.hexRunEnd(a, 0, a.length)).isEqualTo(3);
		byte[] high = { '1', (byte) 0xC1, '2' };
		assertThat(Digits.hexRunEnd(high, 0, high.length)).isEqualTo(1);
	}

	private static long hex(String s) {
		byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
		return Digits.hex(a, 0, a.length);
	}
}
