package io.ferrymq.remoting;

import io.ferrymq.common.NamedThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Epoll where the native transport loads (Linux), NIO otherwise. */
final class Transport {
    private final boolean epoll;

    Transport(boolean preferEpoll) {
        this.epoll = preferEpoll && Epoll.isAvailable();
    }

    boolean isEpoll() {
        return epoll;
    }

    EventLoopGroup group(int threads, String name) {
        return epoll ? new EpollEventLoopGroup(threads, NamedThreads.factory(name))
                : new NioEventLoopGroup(threads, NamedThreads.factory(name));
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
