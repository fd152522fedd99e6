package dev.eofpool.transport;

import java.time.Duration;

import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * The accessors of {@link TransportConfig} for the settings that are not per host, over the configuration's own copy
 * of the values. Apart so that neither file has to hold every setting; users see these methods as the
 * configuration's.
 */
abstract class TransportValuesView {

	/** The configuration's values: cloned from the builder's, never changed after. */
	final TransportValues values;

	TransportValuesView(TransportValues values) {
		this.values = values;
	}

	/** Limit of idle connections kept in total. */
	public int maxIdleTotal() {
		return this.values.maxIdleTotal;
	}

	/** Longest time from the request's end to the response head's end, or {@code null} for the read timeout. */
	public Duration responseHeadTimeout() {
		return this.values.responseHeadTimeout;
	}

	/** Limit of connections (leased, idle and being opened) to all hosts together ({@link Integer#MAX_VALUE}: none). */
	public int maxConnectionsTotal() {
		return this.values.maxConnectionsTotal;
	}

	/** Whether sockets are opened with {@code SO_KEEPALIVE}. */
	public boolean tcpKeepAlive() {
		return this.values.tcpKeepAlive;
	}

	/** Idle time before the first TCP keep-alive probe ({@code TCP_KEEPIDLE}), or {@code null} for the system's. */
	public Duration tcpKeepAliveIdle() {
		return this.values.tcpKeepAliveIdle;
	}

	/** Time between TCP keep-alive probes ({@code TCP_KEEPINTERVAL}), or {@code null} for the system's. */
	public Duration tcpKeepAliveInterval() {
		return this.values.tcpKeepAliveInterval;
	}

	/** Unanswered TCP keep-alive probes before the connection is dropped ({@code TCP_KEEPCOUNT}), or {@code null}. */
	public Integer tcpKeepAliveCount() {
		return this.values.tcpKeepAliveCount;
	}

	/** Most bytes read to drain a body closed before its end. */
	public long drainMaxBytes() {
		return this.values.drainMaxBytes;
	}

	/** Longest time spent draining a body closed before its end. */
	public Duration drainTimeout() {
		return this.values.drainTimeout;
	}

	/** Idle age after which a connection is probed for a server close before reuse. */
	public Duration validateAfterIdle() {
		return this.values.validateAfterIdle;
	}

	/** Margin kept before a server's advertised or learned idle timeout. */
	public Duration keepAliveMargin() {
		return this.values.keepAliveMargin;
	}

	/** Whether a request that failed on a reused connection before any response byte is retried once. */
	public boolean retryStale() {
		return this.values.retryStale;
	}

	/** Whether the idle age at which a host was seen closing connections shortens its idle timeout. */
	public boolean learnServerIdleTimeout() {
		return this.values.learnServerIdleTimeout;
	}

	/** Whether a response body dropped without being read to its end or closed is detected. */
	public boolean leakDetection() {
		return this.values.leakDetection;
	}

	/** Whether each request records its call site for leak warnings. */
	public boolean leakCallSites() {
		return this.values.leakCallSites;
	}

	/** Whether a daemon thread closes expired idle connections without traffic. */
	public boolean backgroundEviction() {
		return this.values.backgroundEviction;
	}

	/** Limit of the status line's length. */
	public int maxStatusLineLength() {
		return this.values.maxStatusLineLength;
	}

	/** Limit of one header line's length. */
	public int maxHeaderLineLength() {
		return this.values.maxHeaderLineLength;
	}

	/** Limit of the whole response head. */
	public int maxHeaderBlockSize() {
		return this.values.maxHeaderBlockSize;
	}

	/** Limit of the number of header fields in a response head (and of trailer fields). */
	public int maxHeaderCount() {
		return this.values.maxHeaderCount;
	}

	/** How runtime errors and warnings name a setting to change ({@link SettingNames#BUILDER} by default). */
	public SettingNames settingNames() {
		return this.values.settingNames;
	}

	/** Clock used for idle timeouts, lifetimes and waits. */
	public Ticker ticker() {
		return this.values.ticker;
	}

	/** Whether {@code gzip} and {@code deflate} are asked for (when the caller asks for no coding) and undone. */
	public boolean compression() {
		return this.values.compression;
	}

	/** Most bytes a decoded body may have; 0 for no limit. */
	public long maxDecodedSize() {
		return this.values.maxDecodedSize;
	}

	/** TLS settings of {@code https} requests that carry none, or {@code null} for {@link TlsSettings#defaults()}. */
	public TlsSettings tls() {
		return this.values.tls;
	}

	/** How requests choose an HTTP proxy ({@link ProxySettings#direct()} by default). */
	public ProxySettings proxy() {
		return this.values.proxy;
	}

	/** Turns host names into addresses ({@link Resolver#SYSTEM} by default). */
	public Resolver resolver() {
		return this.values.resolver;
	}

	/** Decides which resolved addresses may be dialled ({@link AddressFilter#ALLOW_ALL} by default). */
	public AddressFilter addressFilter() {
		return this.values.addressFilter;
	}

	/** Delay after which a dial that has not connected yet starts an attempt on the next address. */
	public Duration connectStagger() {
		return this.values.connectStagger;
	}

	/** How long an address that failed to connect is tried after the host's other addresses ({@code 0}: not at all). */
	public Duration addressFailureMemory() {
		return this.values.addressFailureMemory;
	}
}
