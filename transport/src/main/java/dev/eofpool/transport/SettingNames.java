package dev.eofpool.transport;

/**
 * How a setting is spelled for whoever configured the transport, so a runtime error or warning can name the setting to
 * change. Settings are identified by their {@link TransportConfig.Builder} names (the same as
 * {@link InvalidSettingException#field()}): a transport-wide one such as {@code acquireTimeout},
 * {@code maxConnectionsPerHost} or {@code leakCallSites}, a per-host one by its {@link HostSettings} component such as
 * {@code maxConnections}. {@link #BUILDER} (the default) names the builder methods; a framework that maps its own
 * configuration onto the builder installs one with its property names through
 * {@link TransportConfig.Builder#settingNames(SettingNames)}.
 */
public interface SettingNames {

	/**
	 * The builder's names: {@code TransportConfig.Builder.acquireTimeout},
	 * {@code TransportConfig.Builder.host("api:80", HostSettings.maxConnections)} and
	 * {@code HttpRequest.Builder.readTimeout}.
	 */
	SettingNames BUILDER = new SettingNames() {

		@Override
		public String transportWide(String setting) {
			return "TransportConfig.Builder." + setting;
		}

		@Override
		public String perHost(String pattern, String setting) {
			return "TransportConfig.Builder.host(\"" + pattern + "\", HostSettings." + setting + ")";
		}

		@Override
		public String toString() {
			return "SettingNames.BUILDER";
		}
	};

	/**
	 * The name of a transport-wide setting.
	 * @param setting the builder's name, such as {@code acquireTimeout} or {@code maxConnectionsPerHost}
	 */
	String transportWide(String setting);

	/**
	 * The name of a setting of the hosts matching one per-host pattern.
	 * @param pattern the pattern ({@code host:port}, {@code host} or {@code *.suffix}) as the transport keeps it (lower
	 * case); it need not be configured yet (an error may propose adding it)
	 * @param setting the {@link HostSettings} component, such as {@code maxConnections}
	 */
	String perHost(String pattern, String setting);

	/**
	 * The name of a setting carried by a request, which overrides the host's.
	 * @param setting the {@link HttpRequest.Builder} name, such as {@code readTimeout}
	 */
	default String perRequest(String setting) {
		return "HttpRequest.Builder." + setting;
	}
}
