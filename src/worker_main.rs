//! Trunk's entry point for the scan worker (see `worker`).

fn main() {
    balance_scanner::worker::start();
}
