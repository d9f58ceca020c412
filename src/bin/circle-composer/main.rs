//! The native command line over the same core as the page: import, places, compose, check a
//! roster, and solve benchmark instances. Reads files, writes to stdout, errors to stderr; never
//! opens a network connection. `args` turns arguments into options per subcommand, `commands`
//! runs them.

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod commands;
#[cfg(not(target_arch = "wasm32"))]
mod outputs;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let outcome = args::parse_args().and_then(|request| match request {
        args::Request::Run(command) => commands::run(*command),
        args::Request::Help => commands::print(args::USAGE).map(|()| std::process::ExitCode::SUCCESS),
    });
    match outcome {
        Ok(code) => code,
        Err(message) => {
            // A closed stderr leaves nobody to tell; the exit code still says it failed.
            let _ =
                std::io::Write::write_all(&mut std::io::stderr(), format!("circle-composer: {message}\n").as_bytes());
            std::process::ExitCode::FAILURE
        }
    }
}
