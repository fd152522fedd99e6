package dev.eofpool.transport;

import java.net.ProxySelector;
import java.time.Duration;
import java.util.Objects;

import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * The setters of {@link TransportConfig.Builder} for the settings that are not per host (the per-host ones, the host
 * overlays and {@code build()} are the builder's own). Apart so that neither file has to hold every setting; users see
 * these methods as the builder's.
 *
 * @param <B> the builder, returned by every setter for chaining
 */
abstract class TransportValuesBuilder<B extends TransportValuesBuilder<B>> {

	/** The working copy of the values, cloned by {@code build()}. */
	TransportValues values = new TransportValues();

	/** This builder, as its own type. */
	abstract B self();

	/** Turns host names into addresses ({@code null}: {@link Resolver#SYSTEM}). */
	public B resolver(Resolver value) {
		this.values.resolver = (value != null) ? value : Resolver.SYSTEM;
		return self();
	}

	/** Decides which resolved addresses may be dialled, proxies included ({@code null}: every address). */
	public B addressFilter(AddressFilter value) {
		this.values.addressFilter = (value != null) ? value : AddressFilter.ALLOW_ALL;
		return self();
	}

	/**
	 * Limit of connections (leased, idle and being opened) to all hosts together ({@link Integer#MAX_VALUE}, the
	 * default: none); at it requests wait in FIFO order, across hosts, up to their acquire timeout.
	 */
	public B maxConnectionsTotal(int value) {
		this.values.maxConnectionsTotal = value;
		return self();
	}

	/** Whether sockets are opened with {@code SO_KEEPALIVE} (on by default). */
	public B tcpKeepAlive(boolean value) {
		this.values.tcpKeepAlive = value;
		return self();
	}

	/** Idle time before the first TCP keep-alive probe, in whole seconds, where the JDK supports it. */
	public B tcpKeepAliveIdle(Duration value) {
		this.values.tcpKeepAliveIdle = value;
		return self();
	}

	/** Time between TCP keep-alive probes, in whole seconds, where the JDK supports it. */
	public B tcpKeepAliveInterval(Duration value) {
		this.values.tcpKeepAliveInterval = value;
		return self();
	}

	/** Unanswered TCP keep-alive probes before the connection is dropped, where the JDK supports it. */
	public B tcpKeepAliveCount(Integer value) {
		this.values.tcpKeepAliveCount = value;
		return self();
	}

	/**
	 * Delay after which a dial whose attempt has not connected starts one on the next address, racing both
	 * (RFC 8305 "Happy Eyeballs"); the connect timeout bounds the whole dial.
	 */
	public B connectStagger(Duration value) {
		this.values.connectStagger = value;
		return self();
	}

	/** How long an address that failed to connect is tried after the host's other addresses ({@code 0}: never). */
	public B addressFailureMemory(Duration value) {
		this.values.addressFailureMemory = value;
		return self();
	}

	/** Limit of idle connections kept in total; the least recently used is closed first. */
	public B maxIdleTotal(int value) {
		this.values.maxIdleTotal = value;
		return self();
	}

	/** Longest the whole response head may take, however steadily it trickles ({@code null}: the read timeout). */
	public B responseHeadTimeout(Duration value) {
		this.values.responseHeadTimeout = value;
		return self();
	}

	/** Most bytes read to drain a body closed before its end; past it the connection is closed. */
	public B drainMaxBytes(long value) {
		this.values.drainMaxBytes = value;
		return self();
	}

	/** Longest time spent draining a body closed before its end; past it the connection is closed. */
	public B drainTimeout(Duration value) {
		this.values.drainTimeout = value;
		return self();
	}

	/** Idle age after which a connection is probed (without a round trip) for a server close before reuse. */
	public B validateAfterIdle(Duration value) {
		this.values.validateAfterIdle = value;
		return self();
	}

	/** Margin kept before a server's advertised ({@code Keep-Alive: timeout=}) or learned idle timeout. */
	public B keepAliveMargin(Duration value) {
		this.values.keepAliveMargin = value;
		return self();
	}

	/** Whether to ask for and undo {@code gzip} and {@code deflate} content codings (default: true). */
	public B compression(boolean value) {
		this.values.compression = value;
		return self();
	}

	/** Most bytes a decoded body may have, past which reading it fails; 0 (the default) for no limit. */
	public B maxDecodedSize(long value) {
		this.values.maxDecodedSize = value;
		return self();
	}

	/** Whether a request that failed on a reused connection before any response byte is retried once. */
	public B retryStale(boolean value) {
		this.values.retryStale = value;
		return self();
	}

	/** Whether the idle age at which a host was seen closing connections shortens its idle timeout. */
	public B learnServerIdleTimeout(boolean value) {
		this.values.learnServerIdleTimeout = value;
		return self();
	}

	/** Whether a response body dropped without being read to its end or closed is detected and its socket closed. */
	public B leakDetection(boolean value) {
		this.values.leakDetection = value;
		return self();
	}

	/** Whether each request records its call site, so a leak warning can name where it was made (costly). */
	public B leakCallSites(boolean value) {
		this.values.leakCallSites = value;
		return self();
	}

	/** Whether a daemon thread closes expired idle connections without traffic (off: only at checkout). */
	public B backgroundEviction(boolean value) {
		this.values.backgroundEviction = value;
		return self();
	}

	/** Limit of the status line's length (at least 64). */
	public B maxStatusLineLength(int value) {
		this.values.maxStatusLineLength = value;
		return self();
	}

	/** Limit of one header line's length (at least 64). */
	public B maxHeaderLineLength(int value) {
		this.values.maxHeaderLineLength = value;
		return self();
	}

	/** Limit of the whole response head (at least the status line's limit and 256). */
	public B maxHeaderBlockSize(int value) {
		this.values.maxHeaderBlockSize = value;
		return self();
	}

	/** Limit of the number of header fields in a response head, and of trailer fields (at least 1). */
	public B maxHeaderCount(int value) {
		this.values.maxHeaderCount = value;
		return self();
	}

	/**
	 * How runtime errors and warnings name a setting to change: {@link SettingNames#BUILDER} (the default) names
	 * this builder's methods; a framework mapping its own configuration here installs its property names.
	 */
	public B settingNames(SettingNames value) {
		this.values.settingNames = Objects.requireNonNull(value, "settingNames");
		return self();
	}

	/** Clock used for idle timeouts, lifetimes and waits (tests inject their own). */
	public B ticker(Ticker value) {
		this.values.ticker = Objects.requireNonNull(value, "ticker");
		return self();
	}

	/** TLS settings of {@code https} requests that carry none ({@code null}: the JVM's default context). */
	public B tls(TlsSettings value) {
		this.values.tls = value;
		return self();
	}

	/** Which HTTP proxy requests go through: direct (the default), an explicit proxy, or a selector. */
	public B proxy(ProxySettings value) {
		this.values.proxy = value;
		return self();
	}

	/** Chooses each request's proxy with this selector ({@code null}: direct). */
	public B proxySelector(ProxySelector value) {
		this.values.proxy = (value != null) ? ProxySettings.selector(value) : ProxySettings.direct();
		return self();
	}
}
