package dev.sessiongate.token;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP client for calls to the IdP, with connect and response timeouts. Built from
 * Spring Boot's {@link WebClient.Builder}, which carries the observation registry: every
 * call is timed ({@code sessiongate_idp_requests_seconds}) and traced, and carries the
 * caller's {@code traceparent}.
 */
@Configuration(proxyBeanMethods = false)
class IdpClientConfiguration {

	@Bean
	WebClient idpWebClient(WebClient.Builder builder, OidcProperties properties) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		return builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.observationConvention(new IdpClientObservationConvention())
			.build();
	}

}
