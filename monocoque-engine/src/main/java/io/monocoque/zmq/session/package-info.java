/**
 * The ZMTP session: one object per connection that takes the bytes a peer sent and says what
 * happened — frames for the pipe, commands, the handshake's outcome, bytes to write, the next
 * deadline — with no Netty channel and no thread in it ({@link io.monocoque.zmq.session.ZmtpSession}).
 * Memory it holds for a peer is bounded by the bytes that peer really sent, never by a length it
 * declared. The transport's Netty handler feeds it and carries out what it asks.
 */
package io.monocoque.zmq.session;
