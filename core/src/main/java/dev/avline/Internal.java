package dev.avline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Not part of avline's API, though public: a type or member that avline's own packages share
 * (Java has no visibility between "package" and "everyone" that an automatic module could use), or
 * that speaks the native boundary's types ({@code dev.avline.ffi}). It may change or go in any
 * release without notice; do not call it. Where a public member is marked, the type's other members
 * are still API.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Internal {
}
