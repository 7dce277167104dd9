package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Many requests at once against a gateway, each on its own connection, all subscribed
 * together so they overlap.
 */
public final class Burst {

	private final WebClient client;

	public Burst(String baseUrl) {
		ConnectionProvider connections = ConnectionProvider.builder("burst")
			.maxConnections(1000)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = WebClient.builder()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
	}

	public WebClient client() {
		return this.client;
	}

	/** Sends {@code count} requests together and returns every answer. */
	public List<Answer> fire(int count, Function<Integer, WebClient.RequestHeadersSpec<?>> request) {
		return Flux.range(0, count)
			.flatMap(i -> exchange(request.apply(i)), count)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	public static Mono<Answer> exchange(WebClient.RequestHeadersSpec<?> request) {
		return request.exchangeToMono(response -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map(body -> new Answer(response.statusCode().value(), response.headers().asHttpHeaders(), body)));
	}

	/** A cookie header for a session. */
	public static String cookie(String name, String value) {
		return name + "=" + value;
	}

	/** One answer: status, headers and body text. */
	public record Answer(int status, HttpHeaders headers, String body) {

		@SuppressWarnings("unchecked")
		public Map<String, Object> json() {
			try {
				return com.nimbusds.jose.util.JSONObjectUtils.parse(this.body);
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException("not JSON: " + this.body, ex);
			}
		}

	}

}
