/**
 * The near cache of opened sessions (issue 11): a hot session is served from memory, with no
 * Redis round trip and no unsealing, while every change to it on any instance evicts it
 * everywhere through Redis pub/sub. The cache is trusted only while that channel is heard.
 */
package dev.sessiongate.session.cache;
