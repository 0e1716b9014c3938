package org.dosewarden.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a WebSocket listener ({@code ws://127.0.0.1:<port>/mqtt}, sub-protocol {@code mqtt}) that relays
 * each browser connection, byte for byte, to a broker's plain MQTT port. It stands in for a broker's own
 * WebSocket listener because Debian 12's {@code mosquitto} (2.0.11) is built without WebSocket support: the
 * MQTT session (account, ACL, retained messages, Last Will) is still Mosquitto's own. When the broker is down
 * the relay accepts the WebSocket and closes it at once, as a stopped broker's listener would refuse it.
 */
public final class WebSocketRelay implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final int port;

    private WebSocketRelay(int brokerPort) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketServerProtocolHandler("/mqtt", "mqtt,mqttv3.1", false, 1 << 20),
                                new Browser(brokerPort));
                    }
                });
        server = b.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Listens on a free 127.0.0.1 port and relays to the broker on {@code 127.0.0.1:brokerPort}. */
    public static WebSocketRelay start(int brokerPort) throws InterruptedException {
        return new WebSocketRelay(brokerPort);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/mqtt";
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One browser connection: binary frames go to the broker, the broker's bytes come back as binary frames. */
    private final class Browser extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final int brokerPort;
        private Channel broker;

        Browser(int brokerPort) {
            this.brokerPort = brokerPort;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel browser = ctx.channel();
                browser.config().setAutoRead(false);
                new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext b, Object msg) {
                                browser.writeAndFlush(new BinaryWebSocketFrame((ByteBuf) msg));
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext b) {
                                browser.close();
                            }
                        })
                        .connect("127.0.0.1", brokerPort).addListener((ChannelFutureListener) f -> {
                            if (f.isSuccess()) {
                                broker = f.channel();
                                browser.config().setAutoRead(true);
                            } else {
                                browser.close();
                            }
                        });
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (broker != null && broker.isActive()) {
                broker.writeAndFlush(frame.content().retain());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (broker != null) {
                broker.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
