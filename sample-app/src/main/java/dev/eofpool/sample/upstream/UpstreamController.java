package dev.eofpool.sample.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The upstream the demos call, hosted by the sample app itself so that it needs no external service. Every request
 * names its demo run; the {@link ConnectionLedger} records the client port it arrived on.
 */
@RestController
@RequestMapping(path = "/upstream", produces = MediaType.TEXT_PLAIN_VALUE)
public class UpstreamController {

	/** Longest time {@code /upstream/slow} holds a request while waiting for the others. */
	static final Duration HOLD_TIMEOUT = Duration.ofSeconds(2);

	private static final int CHUNK = 8192;

	private final ConnectionLedger ledger;

	public UpstreamController(ConnectionLedger ledger) {
		this.ledger = ledger;
	}

	/** A short answer. */
	@GetMapping("/hello")
	public String hello(@RequestParam String run, HttpServletRequest request) {
		this.ledger.enter(run, request.getRemotePort());
		this.ledger.exit(run);
		return "hello";
	}

	/**
	 * Answers once {@code hold} requests of the run have been in flight at the same time (or after
	 * {@link #HOLD_TIMEOUT}), so a burst of calls piles up at the client's per-host limit.
	 */
	@GetMapping("/slow")
	public String slow(@RequestParam String run, @RequestParam int hold, HttpServletRequest request)
			throws InterruptedException {
		this.ledger.enter(run, request.getRemotePort());
		try {
			this.ledger.awaitPeak(run, hold, HOLD_TIMEOUT);
			return "slow";
		}
		finally {
			this.ledger.exit(run);
		}
	}

	/** {@code bytes} bytes of body with a {@code Content-Length}, written in chunks as the client reads them. */
	@GetMapping("/large")
	public void large(@RequestParam String run, @RequestParam long bytes, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.ledger.enter(run, request.getRemotePort());
		try {
			response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
			response.setContentLengthLong(bytes);
			byte[] chunk = new byte[CHUNK];
			Arrays.fill(chunk, (byte) 'x');
			OutputStream out = response.getOutputStream();
			for (long left = bytes; left > 0; left -= CHUNK) {
				out.write(chunk, 0, (int) Math.min(CHUNK, left));
			}
		}
		catch (IOException ex) {
			// The client closed the connection before the end of the body (the large early-close demo): expected.
		}
		finally {
			this.ledger.exit(run);
		}
	}

}
