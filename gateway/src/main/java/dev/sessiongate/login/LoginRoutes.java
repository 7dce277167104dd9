package dev.sessiongate.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The login and logout endpoints (CONTRACT section 4). Router functions are matched before
 * the gateway's routes, so no route can shadow them.
 */
@Configuration(proxyBeanMethods = false)
class LoginRoutes {

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

}
