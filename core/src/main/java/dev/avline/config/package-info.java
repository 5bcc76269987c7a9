/**
 * The recorder's JSON configuration as a library ({@link dev.avline.config.AvlineConfig}): parsed
 * JSON in as maps, typed settings out, a bad key named by its path ({@link dev.avline.config.ConfigException}).
 * All of it is API.
 */
package dev.avline.config;
