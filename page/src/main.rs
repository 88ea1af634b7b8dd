//! Trunk's entry point: everything else is in the library so browser tests can use it.

fn main() {
    balance_scanner::start();
}
