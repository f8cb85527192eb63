package io.ferrymq.remoting;

/** Builds a typed header from a command's extFields; usually a method reference such as {@code PullHeader::decode}. */
@FunctionalInterface
public interface HeaderDecoder<T> {
    T decode(ExtFields fields) throws HeaderFieldException;
}
