package dev.sessiongate.token;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP clients for calls to the IdP, with connect and response timeouts. Built from
 * Spring Boot's {@link WebClient.Builder}, which carries the observation registry: every
 * call is timed ({@code sessiongate_idp_requests_seconds}) and traced, and carries the
 * caller's {@code traceparent}. With {@code tls_client_auth}, a second client presents the
 * certificate of the SSL bundle {@code sessiongate.oidc.client-tls-bundle} and trusts what
 * the bundle trusts (the JDK's CAs when it names none); only the token, revocation and PAR
 * calls use it.
 */
@Configuration(proxyBeanMethods = false)
class IdpClientConfiguration {

	@Bean
	WebClient idpWebClient(WebClient.Builder builder, OidcProperties properties) {
		return build(builder, properties, null);
	}

	@Bean
	IdpClients idpClients(WebClient idpWebClient, WebClient.Builder builder, OidcProperties properties,
			ObjectProvider<SslBundles> bundles) {
		if (properties.clientTlsBundle() == null) {
			return new IdpClients(idpWebClient, idpWebClient);
		}
		SslBundle bundle = bundles.getObject().getBundle(properties.clientTlsBundle());
		return new IdpClients(idpWebClient, build(builder, properties, sslContext(bundle)));
	}

	private static WebClient build(WebClient.Builder builder, OidcProperties properties, SslContext tls) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		if (tls != null) {
			http = http.secure(spec -> spec.sslContext(tls));
		}
		return builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.observationConvention(new IdpClientObservationConvention())
			.build();
	}

	private static SslContext sslContext(SslBundle bundle) {
		try {
			SslContextBuilder context = SslContextBuilder.forClient()
				.keyManager(bundle.getManagers().getKeyManagerFactory())
				.trustManager(bundle.getManagers().getTrustManagerFactory());
			if (bundle.getOptions().getEnabledProtocols() != null) {
				context.protocols(bundle.getOptions().getEnabledProtocols());
			}
			if (bundle.getOptions().getCiphers() != null) {
				context.ciphers(java.util.List.of(bundle.getOptions().getCiphers()));
			}
			return context.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("sessiongate.oidc.client-tls-bundle cannot make a TLS client", ex);
		}
	}

}
