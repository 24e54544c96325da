/**
 * A small shop: a catalog of products, stock levels, pricing rules and order placement. The demo
 * suite for jxdist runs against it.
 */
package example.shop;
