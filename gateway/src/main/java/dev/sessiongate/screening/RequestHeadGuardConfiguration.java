package dev.sessiongate.screening;

import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts a {@link RequestHeadGuard} in every connection of the public port, right after
 * Netty's HTTP codec. The size limits themselves are Spring Boot's
 * ({@code server.max-http-request-header-size}, {@code server.netty.max-initial-line-length}).
 */
@Configuration(proxyBeanMethods = false)
class RequestHeadGuardConfiguration {

	static final String HANDLER_NAME = "sessiongate.requestHeadGuard";

	@Bean
	NettyServerCustomizer requestHeadGuard() {
		return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new RequestHeadGuard());
			}
		});
	}

}
