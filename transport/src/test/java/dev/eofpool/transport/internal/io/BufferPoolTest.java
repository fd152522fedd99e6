package dev.eofpool.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffer lender: reuse without allocation, its bound, a double give-back failing loudly, and arrays never lent to
 * two borrowers at once; and the reader and writer borrowing on first use and giving back only when empty.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BufferPoolTest {

	@Test
	void anArrayGivenBackIsLentAgainWithoutAllocating() {
		BufferPool pool = new BufferPool(64, 4);
		byte[] first = pool.take();
		assertThat(first).hasSize(64);
		assertThat(pool.created()).isEqualTo(1);
		for (int i = 0; i < 1000; i++) {
			pool.giveBack(first, "test");
			assertThat(pool.take()).isSameAs(first);
		}
		assertThat(pool.created()).isEqualTo(1);
	}

	@Test
	void itKeepsAtMostItsBoundAndTheRestIsLeftToTheCollector() {
		BufferPool pool = new BufferPool(64, 3);
		List<byte[]> burst = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			burst.add(pool.take());
		}
		assertThat(pool.created()).isEqualTo(10);
		for (byte[] b : burst) {
			pool.giveBack(b, "test");
			assertThat(pool.freeCount()).isLessThanOrEqualTo(3);
		}
		assertThat(pool.freeCount()).isEqualTo(3);
		// the first three given back are kept, in the order of their slots; the fourth take allocates again
		assertThat(pool.take()).isSameAs(burst.get(0));
		assertThat(pool.take()).isSameAs(burst.get(1));
		assertThat(pool.take()).isSameAs(burst.get(2));
		assertThat(pool.created()).isEqualTo(10);
		byte[] fresh = pool.take();
		assertThat(burst).noneMatch((b) -> b == fresh);
		assertThat(pool.created()).isEqualTo(11);
	}

	@Test
	void aDoubleGiveBackFailsNamingTheOwner() {
		assertThat(BufferPool.class.desiredAssertionStatus()).as("tests run with assertions on").isTrue();
		BufferPool pool = new BufferPool(64, 4);
		byte[] b = pool.take();
		pool.giveBack(b, "Connection[http://a.test:80]");
		assertThatThrownBy(() -> pool.giveBack(b, "Connection[http://a.test:80]")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("given back twice")
			.hasMessageContaining("http://a.test:80");
		assertThat(pool.freeCount()).isEqualTo(1);
	}

	@Test
	void anArrayOfAnotherSizeIsRefused() {
		BufferPool pool = new BufferPool(64, 4);
		assertThatIllegalArgumentException().isThrownBy(() -> pool.giveBack(new byte[32], "a connection"))
			.withMessageContaining("32 bytes given back by a connection");
		assertThatIllegalArgumentException().isThrownBy(() -> new BufferPool(64, 0));
	}

	@Test
	void theDefaultBoundCoversSixtyFourConnectionsInUseOrFourPerCore() {
		int cores = Runtime.getRuntime().availableProcessors();
		assertThat(BufferPool.defaultMaxFree()).isEqualTo(Math.max(64, 4 * cores));
		BufferPools standard = BufferPools.standard();
		assertThat(standard.reads().bufferSize()).isEqualTo(WireReader.BUFFER_SIZE);
		assertThat(standard.writes().bufferSize()).isEqualTo(WireWriter.BUFFER_SIZE);
		assertThat(standard.tlsWrites().bufferSize()).isEqualTo(WireWriter.TLS_BUFFER_SIZE);
		assertThat(standard.tlsWrites().maxFree()).isEqualTo(BufferPool.defaultMaxFree());
		assertThat(standard.reads().maxFree()).isEqualTo(BufferPool.defaultMaxFree());
	}

	@Test
	void concurrentBorrowersNeverShareAnArray() throws Exception {
		BufferPool pool = new BufferPool(256, 4);
		Map<byte[], Integer> lent = new ConcurrentHashMap<>(); // identity: arrays do not override equals
		int threads = 8;
		int rounds = 20_000;
		AtomicInteger shared = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int id = t;
				done.add(executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					for (int i = 0; i < rounds; i++) {
						byte[] b = pool.take();
						if (lent.putIfAbsent(b, id) != null) {
							shared.incrementAndGet();
						}
						java.util.Arrays.fill(b, (byte) id);
						for (byte x : b) {
							if (x != (byte) id) {
								shared.incrementAndGet();
								break;
							}
						}
						lent.remove(b);
						pool.giveBack(b, "thread " + id);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : done) {
				f.get(20, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(shared.get()).as("arrays lent to two borrowers at once").isZero();
		assertThat(pool.freeCount()).isLessThanOrEqualTo(4);
		// at most one array per thread is out at a time, so a pool of four allocates at most threads + 4 in all
		assertThat(pool.created()).isLessThanOrEqualTo(threads + 4);
	}

	@Test
	void theReaderBorrowsOnItsFirstReadAndGivesBackOnlyWhenEmpty() throws IOException {
		BufferPool pool = new BufferPool(WireReader.BUFFER_SIZE, 2);
		WireReader reader = new WireReader(ScriptedWire.of("HTTP/1.1 200 OK\r\nrest", 8192), "http://a.test:80", pool);
		assertThat(reader.holdsBuffer()).isFalse();
		assertThat(reader.bufferedBytes()).isZero();
		Line line = reader.readLine(100, "status line");
		assertThat(line.length()).isEqualTo(15);
		assertThat(reader.holdsBuffer()).isTrue();
		assertThat(pool.created()).isEqualTo(1);
		assertThatIllegalStateException().isThrownBy(reader::releaseBuffer)
			.withMessageContaining("4 unread bytes from http://a.test:80");
		assertThat(reader.holdsBuffer()).isTrue(); // refused: the bytes are kept
		reader.read(new byte[4], 0, 4);
		reader.releaseBuffer();
		assertThat(reader.holdsBuffer()).isFalse();
		assertThat(line.array()).as("the line view lets go of the array").isNull();
		assertThat(pool.freeCount()).isEqualTo(1);
		reader.releaseBuffer(); // nothing lent: nothing given back twice
		assertThat(pool.freeCount()).isEqualTo(1);
		assertThat(reader.read(new byte[4], 0, 4)).isEqualTo(-1); // reading borrows again
		assertThat(pool.created()).isEqualTo(1);
	}

	@Test
	void aLargeReadOrWriteWithoutABufferNeedsNone() throws IOException {
		BufferPool reads = new BufferPool(WireReader.BUFFER_SIZE, 2);
		WireReader reader = new WireReader(new ScriptedWire(new byte[20_000], 20_000), "peer", reads);
		assertThat(reader.read(new byte[16_384], 0, 16_384)).isEqualTo(16_384);
		assertThat(reader.holdsBuffer()).isFalse();
		BufferPool writes = new BufferPool(WireWriter.BUFFER_SIZE, 2);
		ScriptedWire out = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(out, writes);
		writer.write(new byte[WireWriter.BUFFER_SIZE], 0, WireWriter.BUFFER_SIZE);
		assertThat(writer.holdsBuffer()).isFalse();
		assertThat(out.writes()).isEqualTo(1);
		assertThat(reads.created() + writes.created()).isZero();
	}

	@Test
	void theWriterGivesBackOnlyWhatWasSent() throws IOException {
		BufferPool pool = new BufferPool(WireWriter.BUFFER_SIZE, 2);
		ScriptedWire out = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(out, pool);
		writer.writeAscii("GET / HTTP/1.1\r\n\r\n");
		assertThat(writer.holdsBuffer()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> writer.releaseBuffer("Connection[http://a.test:80]"))
			.withMessageContaining("18 bytes to Connection[http://a.test:80]");
		writer.flush();
		writer.releaseBuffer("conn");
		assertThat(writer.holdsBuffer()).isFalse();
		assertThat(pool.freeCount()).isEqualTo(1);
		writer.writeAscii("GET /2 HTTP/1.1\r\n\r\n");
		writer.flush();
		assertThat(out.written()).isEqualTo("GET / HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
		writer.discardBuffer("conn");
		assertThat(pool.created()).isEqualTo(1);
		assertThat(pool.freeCount()).isEqualTo(1);
	}

	@Test
	void aDiscardDropsWhatIsBuffered() throws IOException {
		BufferPool pool = new BufferPool(WireReader.BUFFER_SIZE, 2);
		WireReader reader = new WireReader(ScriptedWire.of("abc\r\ndef", 8192), "peer", pool);
		reader.readLine(100, "line");
		reader.discardBuffer();
		assertThat(reader.bufferedBytes()).isZero();
		assertThat(pool.freeCount()).isEqualTo(1);
	}
}
