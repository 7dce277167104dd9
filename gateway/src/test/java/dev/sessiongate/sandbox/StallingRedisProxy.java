package dev.sessiongate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a Redis that stalls one gateway the way a long GC pause would, at a chosen point of a
 * refresh: once a client has taken a refresh lease ({@code SET ...:lease ... NX}) and sent its next command (the
 * session read that follows), everything else through this proxy, both ways, is held until {@link #resume()}: the
 * read has run in Redis, its answer has not arrived. The gateway behind it then holds a lease it cannot renew, and
 * goes on, when resumed, with what it read before the stall.
 * Plain threads: this is test code, off every event loop.
 */
public final class StallingRedisProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final CountDownLatch stalled = new CountDownLatch(1);

	private final Object gate = new Object();

	private volatile boolean armed;

	private volatile boolean leaseTaken;

	private volatile boolean holding;

	public StallingRedisProxy(String redisUrl) {
		java.net.URI uri = java.net.URI.create(redisUrl);
		this.targetHost = uri.getHost();
		this.targetPort = uri.getPort();
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "stalling-redis-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public String url() {
		return "redis://127.0.0.1:" + this.server.getLocalPort();
	}

	/** From now on, the next lease taken through this proxy stalls its gateway. */
	public void stallAfterNextLease() {
		this.armed = true;
	}

	/** Waits until the stall has begun. */
	public boolean awaitStalled(long seconds) throws InterruptedException {
		return this.stalled.await(seconds, TimeUnit.SECONDS);
	}

	/** Lets the held replies through. */
	public void resume() {
		synchronized (this.gate) {
			this.holding = false;
			this.gate.notifyAll();
		}
	}

	@Override
	public void close() throws IOException {
		resume();
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket redis = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(redis);
				pump(client.getInputStream(), redis.getOutputStream(), true);
				pump(redis.getInputStream(), client.getOutputStream(), false);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void pump(InputStream in, OutputStream out, boolean commands) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					waitWhileHolding();
					if (commands) {
						watch(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// A side closed: the other pump ends too.
			}
		}, commands ? "proxy-commands" : "proxy-replies");
		thread.setDaemon(true);
		thread.start();
	}

	/** The first command after a lease's SET NX (the holder's session read) starts holding replies. */
	private void watch(String commands) {
		if (!this.armed) {
			return;
		}
		if (this.leaseTaken) {
			synchronized (this.gate) {
				this.holding = true;
				this.armed = false;
			}
			this.stalled.countDown();
			return;
		}
		if (commands.contains(":lease") && commands.contains("NX")) {
			this.leaseTaken = true;
		}
	}

	private void waitWhileHolding() {
		synchronized (this.gate) {
			while (this.holding) {
				try {
					this.gate.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
