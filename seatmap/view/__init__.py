"""Qt rendering of seat layouts: the admins' designer and the cashiers' picker."""
