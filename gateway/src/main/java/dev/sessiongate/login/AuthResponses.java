package dev.sessiongate.login;

import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The JSON answers of the {@code /auth} endpoints: never cached, since they describe a login. */
final class AuthResponses {

	private AuthResponses() {
	}

	static ServerResponse.BodyBuilder ok() {
		return ServerResponse.ok().cacheControl(CacheControl.noStore());
	}

	static Mono<ServerResponse> json(ServerResponse.BodyBuilder builder, Map<String, ?> body) {
		return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(JSONObjectUtils.toJSONString(body));
	}

}
