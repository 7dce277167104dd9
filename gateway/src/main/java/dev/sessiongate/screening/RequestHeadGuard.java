package dev.sessiongate.screening;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.sessiongate.error.ErrorBody;
import dev.sessiongate.error.FrameworkErrors;
import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers, with the contract's JSON, the requests that must never reach Spring or a
 * route: a head Netty could not decode (over the size limits, malformed), whose bare
 * 400/414/431 Reactor Netty would otherwise send; {@code TRACE}, {@code TRACK} and
 * {@code CONNECT}; and a request target {@link URI} cannot read, which Spring would
 * answer with a bare 400. Sits between Netty's HTTP codec and Reactor Netty's handler,
 * one per connection. The connection ends after the answer, since what follows the
 * refused head cannot be trusted to be a request boundary: output is shut first and input
 * drained for up to {@link #LINGER}, as a client still sending an oversized head would
 * otherwise get a reset instead of the answer.
 */
final class RequestHeadGuard extends ChannelInboundHandlerAdapter {

	static final Set<String> REFUSED_METHODS = Set.of("TRACE", "TRACK", "CONNECT");

	static final Duration LINGER = Duration.ofSeconds(2);

	private boolean refused;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		GatewayErrorException refusal = (msg instanceof HttpRequest request) ? refusal(request) : null;
		if (refusal == null) {
			ctx.fireChannelRead(msg);
			return;
		}
		this.refused = true;
		ReferenceCountUtil.release(msg);
		ctx.writeAndFlush(answer(refusal)).addListener(written -> lingerThenClose(ctx));
	}

	private static void lingerThenClose(ChannelHandlerContext ctx) {
		if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
			duplex.shutdownOutput();
			ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			ctx.close();
		}
	}

	static GatewayErrorException refusal(HttpRequest request) {
		if (request.decoderResult().isFailure()) {
			return FrameworkErrors.malformedHead();
		}
		if (REFUSED_METHODS.contains(request.method().name())) {
			return FrameworkErrors.methodNotAllowed();
		}
		if (!isReadableTarget(request.uri())) {
			return GatewayError.INVALID_REQUEST.exception("The request target is not a valid URI");
		}
		return null;
	}

	/** Whether Spring can make a {@link URI} of the target, as it does for every request. */
	static boolean isReadableTarget(String target) {
		try {
			if (target.startsWith("/")) {
				new URI("http://localhost" + target);
				return true;
			}
			return "*".equals(target) || new URI(target).getScheme() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static FullHttpResponse answer(GatewayErrorException refusal) {
		byte[] body = ErrorBody.of(refusal);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(refusal.error().status().value()), Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.set(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		return response;
	}

}
