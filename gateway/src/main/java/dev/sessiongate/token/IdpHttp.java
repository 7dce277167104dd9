package dev.sessiongate.token;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Carries the Nimbus SDK's protocol messages over WebClient: the SDK builds a request
 * ({@link HTTPRequest}: method, URL, headers with the client's credentials, form body) and
 * parses the answer ({@link HTTPResponse}); this sends one and makes the other. The SDK's
 * own transport ({@code HTTPRequest.send()}) blocks on {@code HttpURLConnection}, so it is
 * never used: calls stay on the reactive, instrumented, time-limited IdP client.
 */
final class IdpHttp {

	private IdpHttp() {
	}

	/** Sends {@code request} with {@code client}, tagged as {@code endpoint} in metrics and traces. */
	static Mono<HTTPResponse> exchange(WebClient client, HTTPRequest request, IdpEndpoint endpoint) {
		WebClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.getMethod().name()))
			.uri(request.getURI())
			.attribute(IdpEndpoint.ATTRIBUTE, endpoint)
			.headers(headers -> request.getHeaderMap().forEach(headers::addAll));
		WebClient.RequestHeadersSpec<?> withBody = (request.getBody() != null) ? spec.bodyValue(request.getBody())
				: spec;
		return withBody.exchangeToMono(IdpHttp::read);
	}

	private static Mono<HTTPResponse> read(ClientResponse answer) {
		return answer.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
			HTTPResponse response = new HTTPResponse(answer.statusCode().value());
			answer.headers()
				.asHttpHeaders()
				.forEach((name, values) -> response.setHeader(name, values.toArray(String[]::new)));
			if (!body.isEmpty()) {
				response.setBody(body);
			}
			return response;
		});
	}

}
