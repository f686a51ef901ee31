fn main() {
    govblog::mount();
}
