package dev.sessiongate.login;

import java.util.Map;

import dev.sessiongate.error.FrameworkErrors;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The login and logout endpoints (CONTRACT section 4). Router functions are matched before
 * the gateway's routes, so no route can shadow them; a method an endpoint does not take
 * answers {@code 405 method_not_allowed} rather than falling through to the routes.
 */
@Configuration(proxyBeanMethods = false)
class LoginRoutes {

	/** Each endpoint and the one method it takes. */
	static final Map<String, HttpMethod> ENDPOINTS = Map.of("/auth/login", HttpMethod.GET, "/auth/callback",
			HttpMethod.GET, "/auth/login/start", HttpMethod.POST, "/auth/login/end", HttpMethod.POST, "/auth/session",
			HttpMethod.GET, "/auth/logout", HttpMethod.POST, "/auth/logout/backchannel", HttpMethod.POST);

	@Bean
	RouterFunction<ServerResponse> loginRouter(LoginHandler login, CallbackHandler callback, AppLoginHandler app,
			SessionInfoHandler session, LogoutHandler logout) {
		return RouterFunctions.route()
			.GET("/auth/login", login::handle)
			.GET("/auth/callback", callback::handle)
			.POST("/auth/login/start", app::start)
			.POST("/auth/login/end", app::end)
			.GET("/auth/session", session::handle)
			.POST("/auth/logout", logout::handle)
			.build();
	}

	/** Every endpoint's path with a method it does not take. */
	@Bean
	RouterFunction<ServerResponse> loginMethodNotAllowedRouter() {
		HandlerFunction<ServerResponse> refuse = request -> Mono.error(FrameworkErrors.methodNotAllowed());
		RouterFunctions.Builder routes = RouterFunctions.route();
		ENDPOINTS.forEach((path, method) -> routes
			.route(RequestPredicates.path(path).and(RequestPredicates.method(method).negate()), refuse));
		return routes.build();
	}

}
