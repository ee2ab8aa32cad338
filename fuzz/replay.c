// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzz targets without libFuzzer: run each file named (or each file
 * in each folder named) through LLVMFuzzerTestOneInput() once.  With
 * ASan and UBSan and a plain compiler, for make test.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* One byte more than the file, so that malloc(0) is never asked. */
	buf = malloc(st.st_size + 1);
	if (!buf)
		abort();
	n = read(fd, buf, st.st_size);
	close(fd);
	if (n != st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_dir(const char *dir, int *count)
{
	struct dirent **names;
	char path[4096];
	int i, n, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			if (run_file(path))
				ret = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, count = 0, ret = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			ret = 1;
		} else if (S_ISDIR(st.st_mode)) {
			ret |= run_dir(argv[i], &count) ? 1 : 0;
		} else if (run_file(argv[i])) {
			ret = 1;
		} else {
			count++;
		}
	}
	if (ret || !count) {
		fprintf(stderr, "%s: %d inputs run, but not all\n", argv[0],
			count);
		return 1;
	}
	printf("%s: %d inputs, no finding\n", argv[0], count);
	return 0;
}
