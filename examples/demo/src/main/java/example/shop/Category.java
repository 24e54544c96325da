package example.shop;

/** What kind of product something is; pricing rules can target a category. */
public enum Category {
  TEA,
  COFFEE,
  CUPS,
  BOOKS
}
