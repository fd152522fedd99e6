package dev.eofpool.transport;

import java.time.Duration;

import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * The settings of a {@link TransportConfig} that are not per host: the builder's working copy and, cloned at
 * {@link TransportConfig.Builder#build()}, the configuration's own. Every field holds a primitive or an immutable object, so the shallow clone is a full copy.
 */
final class TransportValues implements Cloneable {

	int maxIdleTotal = TransportConfig.DEFAULT_MAX_IDLE_TOTAL;

	Duration responseHeadTimeout;

	int maxConnectionsTotal = Integer.MAX_VALUE;

	boolean tcpKeepAlive = true;

	Duration tcpKeepAliveIdle;

	Duration tcpKeepAliveInterval;

	Integer tcpKeepAliveCount;

	long drainMaxBytes = TransportConfig.DEFAULT_DRAIN_MAX_BYTES;

	Duration drainTimeout = TransportConfig.DEFAULT_DRAIN_TIMEOUT;

	Duration validateAfterIdle = TransportConfig.DEFAULT_VALIDATE_AFTER_IDLE;

	Duration keepAliveMargin = TransportConfig.DEFAULT_KEEP_ALIVE_MARGIN;

	boolean retryStale = true;

	boolean learnServerIdleTimeout = true;

	boolean leakDetection = true;

	boolean leakCallSites;

	boolean backgroundEviction = true;

	int maxStatusLineLength = TransportConfig.DEFAULT_MAX_STATUS_LINE_LENGTH;

	int maxHeaderLineLength = TransportConfig.DEFAULT_MAX_HEADER_LINE_LENGTH;

	int maxHeaderBlockSize = TransportConfig.DEFAULT_MAX_HEADER_BLOCK_SIZE;

	int maxHeaderCount = TransportConfig.DEFAULT_MAX_HEADER_COUNT;

	boolean compression = true;

	long maxDecodedSize;

	Ticker ticker = Ticker.SYSTEM;

	TlsSettings tls;

	ProxySettings proxy = ProxySettings.direct();

	/** How errors name settings ({@link TransportConfig.Builder#settingNames}). */
	SettingNames settingNames = SettingNames.BUILDER;
	Resolver resolver = Resolver.SYSTEM;

	AddressFilter addressFilter = AddressFilter.ALLOW_ALL;

	Duration connectStagger = TransportConfig.DEFAULT_CONNECT_STAGGER;

	Duration addressFailureMemory = TransportConfig.DEFAULT_ADDRESS_FAILURE_MEMORY;

	@Override
	protected TransportValues clone() {
		try {
			return (TransportValues) super.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new AssertionError(ex);
		}
	}

	void validate() {
		Settings.atLeast("maxIdleTotal", this.maxIdleTotal, 0);
		if (this.responseHeadTimeout != null) {
			Settings.positive("responseHeadTimeout", this.responseHeadTimeout);
		}
		Settings.atLeast("maxConnectionsTotal", this.maxConnectionsTotal, 1);
		if (this.tcpKeepAliveIdle != null) {
			Settings.atLeast("tcpKeepAliveIdle", this.tcpKeepAliveIdle.toSeconds(), 1);
		}
		if (this.tcpKeepAliveInterval != null) {
			Settings.atLeast("tcpKeepAliveInterval", this.tcpKeepAliveInterval.toSeconds(), 1);
		}
		if (this.tcpKeepAliveCount != null) {
			Settings.atLeast("tcpKeepAliveCount", this.tcpKeepAliveCount, 1);
		}
		Settings.atLeast("drainMaxBytes", this.drainMaxBytes, 0);
		Settings.notNegative("drainTimeout", this.drainTimeout);
		Settings.notNegative("validateAfterIdle", this.validateAfterIdle);
		Settings.notNegative("keepAliveMargin", this.keepAliveMargin);
		Settings.atLeast("maxStatusLineLength", this.maxStatusLineLength, 64);
		Settings.atLeast("maxHeaderLineLength", this.maxHeaderLineLength, 64);
		Settings.atLeast("maxHeaderBlockSize", this.maxHeaderBlockSize, Math.max(this.maxStatusLineLength, 256));
		Settings.atLeast("maxHeaderCount", this.maxHeaderCount, 1);
		Settings.atLeast("maxDecodedSize", this.maxDecodedSize, 0);
		Settings.positive("connectStagger", this.connectStagger);
		Settings.notNegative("addressFailureMemory", this.addressFailureMemory);
		if (this.proxy == null) {
			throw new InvalidSettingException("proxy", null, "must be set (ProxySettings.direct() for none)");
		}
	}
}
