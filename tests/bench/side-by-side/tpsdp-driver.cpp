// Runs the published TPSDP solver once on one instance, for the side-by-side benchmark only: this
// file is ours; the solver's source is NOT in this repository. `./run` compiles this driver with
// the published TPSDP.cpp (from the authors' TPSDP_Code.zip, outside the repository) included
// below, its demonstration main renamed away.
//
// Usage: tpsdp-driver INSTANCE SECONDS SEED  → prints the objective of the best solution found.
#define main tpsdp_demonstration_main
#include TPSDP_SOURCE
#undef main

int main(int argc, char* argv[]) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s INSTANCE SECONDS SEED\n", argv[0]);
        return 2;
    }
    File_Name = argv[1];
    inputing();
    popSize = 15;  // beta_max, as the published main sets it
    AssignMemery();
    Time_limit = atof(argv[2]);  // CPU seconds, measured with clock() as in the paper
    BuildNeighbors();
    srand(atoi(argv[3]));
    OS.cost = -99999.0;
    SearchAlgorithm();
    if (!Proof(GS)) {
        fprintf(stderr, "the solution found breaks the size bounds\n");
        return 1;
    }
    printf("%.6f\n", GS.cost);
    return 0;
}
