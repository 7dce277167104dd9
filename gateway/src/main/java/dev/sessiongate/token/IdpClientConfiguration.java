package dev.sessiongate.token;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** The HTTP client for calls to the IdP, with connect and response timeouts. */
@Configuration(proxyBeanMethods = false)
class IdpClientConfiguration {

	@Bean
	WebClient idpWebClient(OidcProperties properties) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

}
