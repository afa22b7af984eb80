package enum LE {}
