package dev.sessiongate.login.backchannel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code POST /auth/logout/backchannel}, called by the IdP (CONTRACT section 4). */
@Configuration(proxyBeanMethods = false)
class BackchannelLogoutRoutes {

	@Bean
	RouterFunction<ServerResponse> backchannelLogoutRouter(BackchannelLogoutHandler handler) {
		return RouterFunctions.route().POST("/auth/logout/backchannel", handler::handle).build();
	}

}
