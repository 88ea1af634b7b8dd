//! Trunk's entry point for the scan worker (see the library).

fn main() {
    scan_worker::start();
}
