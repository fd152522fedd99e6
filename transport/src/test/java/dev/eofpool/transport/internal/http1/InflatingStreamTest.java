package dev.eofpool.transport.internal.http1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.http1.InflatingStream.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * {@link InflatingStream}: exact bytes for gzip (one and several members, optional header fields), zlib and raw
 * deflate; empty bodies; several MiB streamed in odd chunk sizes; the decoded-size cap; corrupt, truncated and
 * trailing bytes; and the two end rules: the wrapped stream returns -1 inside the read that returns -1, and every
 * inflater is ended at the end, on a failure and on an early close.
 */
@Timeout(60)
class InflatingStreamTest {

	private static final Route ROUTE = new Route("http", "gzip.test", 8080);

	private static final byte[] TEXT = ("The quick brown fox jumps over the lazy dog. ".repeat(40) + "end")
		.getBytes(StandardCharsets.UTF_8);

	/** Inflaters created and ended by the streams under test. */
	private final List<RecordingInflater> inflaters = new ArrayList<>();

	@Test
	void gzipIsDecodedExactly() throws IOException {
		assertDecodes(Format.GZIP, gzip(TEXT), TEXT);
	}

	@Test
	void zlibDeflateIsDecodedExactly() throws IOException {
		byte[] zlib = zlib(TEXT, Deflater.DEFAULT_COMPRESSION);
		assertThat(InflatingStream.isZlibHeader(zlib[0], zlib[1])).isTrue();
		assertDecodes(Format.DEFLATE, zlib, TEXT);
	}

	@ParameterizedTest
	@ValueSource(ints = { Deflater.NO_COMPRESSION, Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION,
			Deflater.BEST_COMPRESSION })
	void zlibAndRawDeflateOfEveryLevelAreTellApart(int level) throws IOException {
		assertDecodes(Format.DEFLATE, zlib(TEXT, level), TEXT);
		byte[] raw = raw(TEXT, level);
		assertThat(InflatingStream.isZlibHeader(raw[0], raw[1])).isFalse();
		assertDecodes(Format.DEFLATE, raw, TEXT);
	}

	@Test
	void rawDeflateIsDecodedExactly() throws IOException {
		assertDecodes(Format.DEFLATE, raw(TEXT, Deflater.DEFAULT_COMPRESSION), TEXT);
	}

	@Test
	void everyMemberOfAConcatenatedGzipIsDecoded() throws IOException {
		byte[] a = "first member, ".getBytes(StandardCharsets.UTF_8);
		byte[] b = "second member, ".getBytes(StandardCharsets.UTF_8);
		byte[] encoded = concat(gzip(a), gzip(new byte[0]), gzip(b), gzip(TEXT));
		assertDecodes(Format.GZIP, encoded, concat(a, b, TEXT));
		// one inflater for all four members (reset between them) in each of the five decodings
		assertThat(this.inflaters).hasSize(5);
	}

	@Test
	void gzipHeaderWithExtraNameCommentAndHeaderCrcIsRead() throws IOException {
		byte[] encoded = gzipWithHeader(TEXT, 0x1f, 8, true);
		assertDecodes(Format.GZIP, encoded, TEXT);
	}

	@Test
	void gzipHeaderCrcMismatchIsCorrupt() {
		byte[] encoded = gzipWithHeader(TEXT, 0x1f, 8, true);
		encoded[encoded.length - 8 - raw(TEXT, Deflater.DEFAULT_COMPRESSION).length - 1] ^= 0x01;
		assertCorrupt(Format.GZIP, encoded, "header CRC");
	}

	@ParameterizedTest
	@EnumSource(Format.class)
	void anEmptyBodyIsAnEmptyContent(Format format) throws IOException {
		assertDecodes(format, new byte[0], new byte[0]);
		assertThat(this.inflaters).isEmpty();
	}

	@Test
	void encodedEmptyContentIsEmpty() throws IOException {
		assertDecodes(Format.GZIP, gzip(new byte[0]), new byte[0]);
		assertDecodes(Format.DEFLATE, zlib(new byte[0], Deflater.DEFAULT_COMPRESSION), new byte[0]);
		assertDecodes(Format.DEFLATE, raw(new byte[0], Deflater.DEFAULT_COMPRESSION), new byte[0]);
	}

	@ParameterizedTest
	@EnumSource(Format.class)
	void severalMebibytesStreamInOddChunks(Format format) throws IOException {
		byte[] content = text(6 * 1024 * 1024 + 13, 42);
		byte[] encoded = (format == Format.GZIP) ? concat(gzip(Arrays.copyOf(content, 1_000_003)),
				gzip(Arrays.copyOfRange(content, 1_000_003, content.length))) : zlib(content, 6);
		RecordingStream wire = new RecordingStream(encoded, 1021);
		InflatingStream stream = stream(wire, format, -1);
		ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
		int[] sizes = { 1, 7, 4093, 65_537, 3, 17_011 };
		byte[] chunk = new byte[65_537 + 5];
		int i = 0;
		int n;
		boolean first = true;
		while ((n = stream.read(chunk, 5, sizes[i++ % sizes.length])) >= 0) {
			if (first && n > 0) {
				// streamed: the first bytes come out long before the body is in
				assertThat(wire.delivered()).isLessThan(64 * 1024);
				first = false;
			}
			assertThat(wire.atEof()).isFalse();
			out.write(chunk, 5, n);
		}
		assertThat(wire.atEof()).isTrue();
		assertThat(out.toByteArray()).isEqualTo(content);
		assertEnded();
	}

	@Test
	void aDecompressionBombStreamsAndTheCapStopsIt() throws IOException {
		byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
		assertThat(bomb.length).isLessThan(128 * 1024);
		// without a cap it streams: 64 MiB through a 64 KiB buffer
		long total = 0;
		byte[] chunk = new byte[64 * 1024];
		try (InflatingStream stream = stream(new RecordingStream(bomb), Format.GZIP, 0)) {
			int n;
			while ((n = stream.read(chunk)) >= 0) {
				total += n;
			}
		}
		assertThat(total).isEqualTo(64L * 1024 * 1024);
		// with one, it ends at the cap, having handed out no byte past it
		RecordingStream wire = new RecordingStream(bomb);
		InflatingStream capped = stream(wire, Format.GZIP, 1024 * 1024);
		long[] read = { 0 };
		assertThatIOException().isThrownBy(() -> {
			int n;
			while ((n = capped.read(chunk)) >= 0) {
				read[0] += n;
			}
		})
			.withMessageContaining("http://gzip.test:8080")
			.withMessageContaining("limit of 1048576 bytes")
			.withMessageContaining("eofpool.compression.max-decoded-size");
		assertThat(read[0]).isEqualTo(1024 * 1024);
		assertThat(wire.closed).isTrue();
		assertEnded();
	}

	@ParameterizedTest
	@EnumSource(Format.class)
	void theCapAllowsExactlyItsSize(Format format) throws IOException {
		byte[] encoded = (format == Format.GZIP) ? gzip(TEXT) : zlib(TEXT, 6);
		assertThat(decode(stream(new RecordingStream(encoded), format, TEXT.length))).isEqualTo(TEXT);
		assertThat(decode(stream(new RecordingStream(encoded), format, TEXT.length + 1))).isEqualTo(TEXT);
		assertThat(decode(stream(new RecordingStream(encoded), format, 0))).isEqualTo(TEXT);
		assertThat(decode(stream(new RecordingStream(encoded), format, -1))).isEqualTo(TEXT);
		InflatingStream under = stream(new RecordingStream(encoded), format, TEXT.length - 1);
		ByteArrayOutputStream got = new ByteArrayOutputStream();
		assertThatIOException().isThrownBy(() -> {
			int b;
			while ((b = under.read()) >= 0) {
				got.write(b);
			}
		}).withMessageContaining("limit of " + (TEXT.length - 1) + " bytes");
		assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(TEXT, TEXT.length - 1));
		assertEnded();
	}

	@Test
	void corruptDeflateDataIsAProtocolErrorNamingTheRoute() {
		byte[] encoded = gzip(TEXT);
		for (int i = 10; i < 40; i++) {
			encoded[i] = (byte) 0xFF;
		}
		assertCorrupt(Format.GZIP, encoded, "corrupt");
		byte[] zlib = zlib(TEXT, 6);
		for (int i = 2; i < 30; i++) {
			zlib[i] = (byte) 0xFF;
		}
		assertCorrupt(Format.DEFLATE, zlib, "corrupt");
	}

	@Test
	void notGzipAtAllIsNamed() {
		assertCorrupt(Format.GZIP, TEXT, "not in gzip format (it starts with 54 68");
	}

	@Test
	void gzipHeaderChecks() {
		byte[] method = gzip(TEXT);
		method[2] = 7;
		assertCorrupt(Format.GZIP, method, "compression method is 7");
		byte[] reserved = gzip(TEXT);
		reserved[3] = (byte) 0x80;
		assertCorrupt(Format.GZIP, reserved, "reserved flags");
	}

	@Test
	void gzipTrailerChecks() {
		byte[] crc = gzip(TEXT);
		crc[crc.length - 8] ^= 0x55;
		assertCorrupt(Format.GZIP, crc, "CRC-32 does not match");
		byte[] size = gzip(TEXT);
		size[size.length - 4] ^= 0x01;
		assertCorrupt(Format.GZIP, size, "size of");
	}

	@Test
	void zlibWithAPresetDictionaryIsRefused() {
		Deflater deflater = new Deflater();
		deflater.setDictionary("quick brown fox".getBytes(StandardCharsets.UTF_8));
		byte[] encoded = deflate(deflater, TEXT);
		assertCorrupt(Format.DEFLATE, encoded, "preset dictionary");
	}

	@Test
	void gzipWithoutItsTrailerIsTruncated() {
		byte[] full = gzip(TEXT);
		assertTruncated(Format.GZIP, Arrays.copyOf(full, full.length - 8), "inside the gzip trailer");
		assertTruncated(Format.GZIP, Arrays.copyOf(full, full.length - 3), "inside the gzip trailer");
		assertTruncated(Format.GZIP, Arrays.copyOf(full, full.length / 2), "inside the gzip data");
		assertTruncated(Format.GZIP, Arrays.copyOf(full, 5), "inside the gzip header");
		assertTruncated(Format.GZIP, concat(full, Arrays.copyOf(full, 4)), "inside the gzip header");
	}

	@Test
	void deflateCutShortIsTruncated() {
		byte[] zlib = zlib(TEXT, 6);
		// the Adler-32 is missing: zlib never reports the end without it
		assertTruncated(Format.DEFLATE, Arrays.copyOf(zlib, zlib.length - 4), "inside the deflate data");
		byte[] raw = raw(TEXT, 6);
		assertTruncated(Format.DEFLATE, Arrays.copyOf(raw, raw.length / 2), "inside the deflate data");
		assertTruncated(Format.DEFLATE, new byte[] { 0x78 }, "inside the deflate data");
	}

	@Test
	void bytesAfterTheGzipDataThatAreNotAMemberAreAnError() {
		byte[] full = gzip(TEXT);
		assertCorrupt(Format.GZIP, concat(full, "garbage".getBytes(StandardCharsets.UTF_8)),
				"not another gzip member");
		assertCorrupt(Format.GZIP, concat(full, new byte[] { 0x00 }), "not another gzip member");
		assertCorrupt(Format.GZIP, concat(full, new byte[] { 0x1f }), "not another gzip member");
	}

	@Test
	void bytesAfterTheDeflateStreamAreAnError() {
		assertCorrupt(Format.DEFLATE, concat(zlib(TEXT, 6), new byte[] { 0 }), "follow the end of its deflate");
		assertCorrupt(Format.DEFLATE, concat(raw(TEXT, 6), "x".getBytes(StandardCharsets.UTF_8)),
				"follow the end of its deflate");
	}

	@ParameterizedTest
	@EnumSource(Format.class)
	void closeBeforeTheEndEndsTheInflaterAndClosesTheWrappedStream(Format format) throws IOException {
		RecordingStream wire = new RecordingStream((format == Format.GZIP) ? gzip(TEXT) : zlib(TEXT, 6), 64);
		InflatingStream stream = stream(wire, format, -1);
		assertThat(stream.read(new byte[10])).isEqualTo(10);
		assertThat(this.inflaters).hasSize(1);
		assertThat(this.inflaters.get(0).ended).isZero();
		stream.close();
		assertThat(this.inflaters.get(0).ended).isEqualTo(1);
		assertThat(wire.closed).isTrue();
		assertThat(wire.atEof()).isFalse();
		assertThatIOException().isThrownBy(stream::read).withMessageContaining("closed");
		stream.close();
		assertThat(this.inflaters.get(0).ended).isEqualTo(1);
	}

	@Test
	void closeBeforeAnyReadCreatesNoInflater() throws IOException {
		RecordingStream wire = new RecordingStream(gzip(TEXT));
		stream(wire, Format.GZIP, -1).close();
		assertThat(this.inflaters).isEmpty();
		assertThat(wire.closed).isTrue();
	}

	@Test
	void readsPastTheEndReturnMinusOneWithoutTouchingTheWrappedStream() throws IOException {
		RecordingStream wire = new RecordingStream(gzip(TEXT));
		InflatingStream stream = stream(wire, Format.GZIP, -1);
		assertThat(decode(stream)).isEqualTo(TEXT);
		assertThat(stream.read()).isEqualTo(-1);
		assertThat(stream.read(new byte[8], 0, 8)).isEqualTo(-1);
		assertThat(wire.eofReturns).isEqualTo(1);
		assertThat(wire.closed).isFalse();
		stream.close();
		assertThat(wire.closed).isTrue();
	}

	@Test
	void aFailureIsRepeatedAndEndsEverything() {
		RecordingStream wire = new RecordingStream(Arrays.copyOf(gzip(TEXT), 30));
		InflatingStream stream = stream(wire, Format.GZIP, -1);
		assertThatExceptionOfType(TruncatedBodyException.class).isThrownBy(() -> decode(stream));
		assertThat(wire.closed).isTrue();
		assertEnded();
		assertThatIOException().isThrownBy(stream::read).withMessageContaining("already failed")
			.withMessageContaining("http://gzip.test:8080");
	}

	@Test
	void byteByByteAndZeroLengthReads() throws IOException {
		InflatingStream stream = stream(new RecordingStream(gzip(TEXT), 3), Format.GZIP, -1);
		assertThat(stream.read(new byte[4], 2, 0)).isZero();
		assertThat(stream.available()).isZero();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int b;
		while ((b = stream.read()) >= 0) {
			out.write(b);
		}
		assertThat(out.toByteArray()).isEqualTo(TEXT);
		assertThat(stream.available()).isZero();
		assertEnded();
	}

	@Test
	void aFailingWrappedStreamFailsTheDecodedOne() {
		IOException cause = new IOException("Connection reset by http://gzip.test:8080");
		InputStream failing = new InputStream() {

			@Override
			public int read() throws IOException {
				throw cause;
			}

		};
		InflatingStream stream = stream(failing, Format.GZIP, -1);
		assertThatIOException().isThrownBy(stream::read).isSameAs(cause);
	}

	/** Decodes in every chunking of the wrapped stream and checks the end rules each time. */
	private void assertDecodes(Format format, byte[] encoded, byte[] expected) throws IOException {
		for (int chunk : new int[] { 1, 2, 9, 8192, Integer.MAX_VALUE }) {
			RecordingStream wire = new RecordingStream(encoded, chunk);
			InflatingStream stream = stream(wire, format, -1);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[333];
			int n;
			while ((n = stream.read(buffer)) >= 0) {
				// the wrapped end is reached in the read that returns -1, not before
				assertThat(wire.atEof()).isFalse();
				out.write(buffer, 0, n);
			}
			assertThat(wire.atEof()).as("wrapped stream at its end when the decoded one is").isTrue();
			assertThat(wire.readsAfterEof).isZero();
			assertThat(wire.delivered()).isEqualTo(encoded.length);
			assertThat(out.toByteArray()).isEqualTo(expected);
			assertThat(wire.closed).isFalse();
			assertEnded();
		}
	}

	private void assertCorrupt(Format format, byte[] encoded, String what) {
		RecordingStream wire = new RecordingStream(encoded);
		InflatingStream stream = stream(wire, format, -1);
		assertThatExceptionOfType(HttpProtocolException.class).isThrownBy(() -> decode(stream))
			.isNotInstanceOf(TruncatedBodyException.class)
			.withMessageContaining("http://gzip.test:8080")
			.withMessageContaining("cannot be decoded")
			.withMessageContaining(what);
		assertThat(wire.closed).isTrue();
		assertEnded();
	}

	private void assertTruncated(Format format, byte[] encoded, String what) {
		RecordingStream wire = new RecordingStream(encoded);
		InflatingStream stream = stream(wire, format, -1);
		assertThatExceptionOfType(TruncatedBodyException.class).isThrownBy(() -> decode(stream))
			.withMessageContaining("http://gzip.test:8080")
			.withMessageContaining("truncated")
			.withMessageContaining(what)
			.satisfies((ex) -> assertThat(ex.received()).isEqualTo(encoded.length));
		assertThat(wire.atEof()).isTrue();
		assertEnded();
	}

	/** Every inflater created so far was ended exactly once. */
	private void assertEnded() {
		assertThat(this.inflaters).allSatisfy((i) -> assertThat(i.ended).as("end() calls").isEqualTo(1));
	}

	private InflatingStream stream(InputStream in, Format format, long max) {
		return new InflatingStream(in, format, ROUTE, max, "eofpool.compression.max-decoded-size", (nowrap) -> {
			RecordingInflater inflater = new RecordingInflater(nowrap);
			this.inflaters.add(inflater);
			return inflater;
		});
	}

	private static byte[] decode(InputStream in) throws IOException {
		return in.readAllBytes();
	}

	static byte[] gzip(byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	static byte[] zlib(byte[] content, int level) {
		return deflate(new Deflater(level), content);
	}

	static byte[] raw(byte[] content, int level) {
		return deflate(new Deflater(level, true), content);
	}

	private static byte[] deflate(Deflater deflater, byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater)) {
			deflating.write(content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			deflater.end();
		}
		return out.toByteArray();
	}

	/** A gzip member written by hand: FEXTRA, FNAME, FCOMMENT and, when asked, FHCRC. */
	private static byte[] gzipWithHeader(byte[] content, int id1, int method, boolean headerCrc) {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.write(id1);
		header.write(0x8b);
		header.write(method);
		header.write(4 | 8 | 16 | (headerCrc ? 2 : 0));
		header.writeBytes(new byte[] { 1, 2, 3, 4, 0, 3 });
		header.writeBytes(new byte[] { 5, 0, 'A', 'B', 3, 0, 'x' });
		header.writeBytes("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
		header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
		if (headerCrc) {
			CRC32 crc = new CRC32();
			crc.update(header.toByteArray());
			header.write((int) crc.getValue() & 0xFF);
			header.write((int) (crc.getValue() >>> 8) & 0xFF);
		}
		CRC32 crc = new CRC32();
		crc.update(content);
		byte[] trailer = { (byte) crc.getValue(), (byte) (crc.getValue() >>> 8), (byte) (crc.getValue() >>> 16),
				(byte) (crc.getValue() >>> 24), (byte) content.length, (byte) (content.length >>> 8),
				(byte) (content.length >>> 16), (byte) (content.length >>> 24) };
		return concat(header.toByteArray(), raw(content, Deflater.DEFAULT_COMPRESSION), trailer);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	/** Compressible text of the given size, seeded. */
	static byte[] text(int size, long seed) {
		Random random = new Random(seed);
		String[] words = { "alpha ", "beta ", "gamma ", "delta ", "epsilon\n", "zeta, ", "eta. " };
		byte[] out = new byte[size];
		int i = 0;
		while (i < size) {
			byte[] word = words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
			int n = Math.min(word.length, size - i);
			System.arraycopy(word, 0, out, i, n);
			i += n;
			if (random.nextInt(50) == 0 && i < size) {
				out[i++] = (byte) random.nextInt(256);
			}
		}
		return out;
	}

	/** Counts {@link #end()} calls. */
	static final class RecordingInflater extends Inflater {

		int ended;

		RecordingInflater(boolean nowrap) {
			super(nowrap);
		}

		@Override
		public void end() {
			this.ended++;
			super.end();
		}

	}

}
