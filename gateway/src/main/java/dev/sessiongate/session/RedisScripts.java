package dev.sessiongate.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts in {@code resources/scripts}, read once at start-up. A script made from
 * a resource would be read again whenever Redis answers NOSCRIPT (after a restart or
 * failover), and that file read would block a Redis event-loop thread.
 */
public final class RedisScripts {

	private RedisScripts() {
	}

	public static <T> RedisScript<T> load(String name, Class<T> resultType) {
		ClassPathResource resource = new ClassPathResource("scripts/" + name + ".lua");
		try (InputStream in = resource.getInputStream()) {
			return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Lua script " + name + " is missing", ex);
		}
	}

}
