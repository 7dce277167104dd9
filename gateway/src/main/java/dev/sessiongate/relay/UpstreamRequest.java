package dev.sessiongate.relay;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's request as it goes upstream: the session's bearer instead of any
 * client {@code Authorization}, the session cookie removed and every other cookie kept.
 */
final class UpstreamRequest {

	private UpstreamRequest() {
	}

	static ServerWebExchange of(ServerWebExchange exchange, String accessToken, String sessionCookieName,
			ReplayableBody body) {
		ServerHttpRequest headed = exchange.getRequest().mutate().headers(headers -> {
			headers.setBearerAuth(accessToken);
			stripCookie(headers, sessionCookieName);
		}).build();
		Flux<DataBuffer> content = body.content(exchange.getResponse().bufferFactory());
		ServerHttpRequest request = new ServerHttpRequestDecorator(headed) {
			@Override
			public Flux<DataBuffer> getBody() {
				return content;
			}
		};
		return exchange.mutate().request(request).build();
	}

	private static void stripCookie(HttpHeaders headers, String name) {
		List<String> kept = new ArrayList<>();
		for (String header : headers.getOrEmpty(HttpHeaders.COOKIE)) {
			for (String pair : header.split(";")) {
				String trimmed = pair.trim();
				int equals = trimmed.indexOf('=');
				String cookieName = (equals < 0) ? trimmed : trimmed.substring(0, equals);
				if (!trimmed.isEmpty() && !cookieName.equals(name)) {
					kept.add(trimmed);
				}
			}
		}
		headers.remove(HttpHeaders.COOKIE);
		if (!kept.isEmpty()) {
			headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
		}
	}

}
