extension Shell {
}
