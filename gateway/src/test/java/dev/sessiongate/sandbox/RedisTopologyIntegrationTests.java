package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each topology's settings, bound by Spring Boot the way the gateway binds them: the
 * connection details name the right servers, and a value written through the resulting
 * connection factory reads back.
 */
class RedisTopologyIntegrationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class));

	@Test
	void bindWhenClusterSelectedThenBootConnectsToAllThreeMasters() {
		withTopology(RedisTopology.CLUSTER, (details, factory) -> {
			assertThat(details.getCluster().getNodes()).hasSize(3);
			assertThat(details.getSentinel()).isNull();
			assertThat(factory.getClusterConfiguration()).isNotNull();
		});
	}

	@Test
	void bindWhenSentinelSelectedThenBootFindsTheMasterByName() {
		LocalRedisSentinel sentinel = LocalRedisSentinel.shared();
		withTopology(RedisTopology.SENTINEL, (details, factory) -> {
			assertThat(details.getSentinel().getMaster()).isEqualTo("mymaster");
			assertThat(details.getSentinel().getNodes())
				.containsExactly(new Node("127.0.0.1", Integer.parseInt(sentinel.sentinelNodes().split(":")[1])));
			assertThat(details.getCluster()).isNull();
			assertThat(factory.getSentinelConfiguration()).isNotNull();
		});
	}

	@ParameterizedTest
	@EnumSource(RedisTopology.class)
	void setWhenBoundToATopologyThenTheValueReadsBack(RedisTopology topology) {
		this.contexts.withPropertyValues(settings(topology.gatewayProperties())).run(context -> {
			ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
			String key = "topology:" + topology;

			redis.opsForValue().set(key, "round-trip").block(Duration.ofSeconds(10));

			assertThat(redis.opsForValue().get(key).block(Duration.ofSeconds(10))).isEqualTo("round-trip");
		});
	}

	private void withTopology(RedisTopology topology, BoundCheck check) {
		this.contexts.withPropertyValues(settings(topology.gatewayProperties()))
			.run(context -> check.accept(context.getBean(DataRedisConnectionDetails.class),
					context.getBean(LettuceConnectionFactory.class)));
	}

	private static String[] settings(Map<String, Object> properties) {
		return properties.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
	}

	private interface BoundCheck {

		void accept(DataRedisConnectionDetails details, LettuceConnectionFactory factory);

	}

}
