mod errors;
mod fixtures;
mod import;
mod vectors;
