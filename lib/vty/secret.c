/*
 * DOC: the VTY's passwords ("password", "enable password"). A password is
 * kept as typed, or only as a salted hash once "service
 * password-encryption" is on or "password 8 HASH" gave one; the running
 * configuration then shows "password 8 HASH" and loading that restores the
 * same state.
 *
 * FRRouting's "8" form is a DES crypt(3) of the password, with a 2-letter
 * salt (zencrypt): 13 characters, 56-bit DES, the first 8 characters of
 * the password only. okapi hashes with SHA-512 crypt ("$6$", 16 random
 * salt characters, 5000 rounds: a few milliseconds per login, short
 * enough for the event loop) through libxcrypt, and still accepts an FRR
 * DES hash pasted from an FRR configuration. A hash libxcrypt cannot use
 * is refused rather than stored, since it would lock everyone out.
 */
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "vty_int.h"

void
vty_secret_clear(struct vty_secret *s)
{
	if (s->plain != NULL)
		explicit_bzero(s->plain, strlen(s->plain));
	free(s->plain);
	free(s->hash);
	s->plain = s->hash = NULL;
}

bool
vty_secret_is_set(const struct vty_secret *s)
{
	return s->plain != NULL || s->hash != NULL;
}

/* crypt(3) of pw with setting (a salt or a whole hash), or NULL. */
static char *
secret_crypt(const char *pw, const char *setting)
{
	void	*data = NULL;
	int	 size = 0;
	char	*h, *r = NULL;

	h = crypt_ra(pw, setting, &data, &size);
	if (h != NULL && h[0] != '*')
		r = strdup(h);
	if (data != NULL) {
		explicit_bzero(data, (size_t)size);
		free(data);
	}
	return r;
}

/*
 * A whole hash of a method libxcrypt knows: hashing anything with it as
 * the setting gives a string of its length with the same setting part
 * (up to the last '$', or DES's two salt characters), and the rest is
 * crypt's base-64 alphabet. crypt_checksalt() alone looks at the salt
 * only ("hello" would pass as a DES salt).
 */
bool
vty_secret_hash_valid(const char *hash)
{
	const char	*tail;
	char		*h;
	size_t		 set;
	bool		 ok;
	int		 c = crypt_checksalt(hash);

	if ((c != CRYPT_SALT_OK && c != CRYPT_SALT_METHOD_LEGACY) ||
	    strlen(hash) < 3)
		return false;
	tail = hash[0] == '$' ? strrchr(hash, '$') + 1 : hash + 2;
	set = (size_t)(tail - hash);
	if (strlen(hash) <= set || strspn(tail, "./0123456789"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") !=
	    strlen(tail) || (h = secret_crypt("", hash)) == NULL)
		return false;
	ok = strlen(h) == strlen(hash) && strncmp(h, hash, set) == 0;
	free(h);
	return ok;
}

static char *
secret_hash(const char *pw)
{
	char	 salt[CRYPT_GENSALT_OUTPUT_SIZE];

	/* No random bytes given: libxcrypt reads them from the kernel. */
	if (crypt_gensalt_rn("$6$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
		return NULL;
	return secret_crypt(pw, salt);
}

/* Hash the plain text and forget it; 0 also when there is none. */
int
vty_secret_encrypt(struct vty_secret *s)
{
	char	*h;

	if (s->plain == NULL)
		return 0;
	if ((h = secret_hash(s->plain)) == NULL)
		return -1;
	explicit_bzero(s->plain, strlen(s->plain));
	free(s->plain);
	free(s->hash);
	s->plain = NULL;
	s->hash = h;
	return 0;
}

/* A password as typed; hashed at once with encrypt. */
int
vty_secret_set(struct vty_secret *s, const char *plain, bool encrypt)
{
	char	*p;

	if ((p = strdup(plain)) == NULL)
		return -1;
	vty_secret_clear(s);
	s->plain = p;
	return encrypt ? vty_secret_encrypt(s) : 0;
}

int
vty_secret_set_hash(struct vty_secret *s, const char *hash)
{
	char	*h;

	if (!vty_secret_hash_valid(hash) || (h = strdup(hash)) == NULL)
		return -1;
	vty_secret_clear(s);
	s->hash = h;
	return 0;
}

/* Compare in time independent of where the strings first differ. */
static bool
secret_equal(const char *a, const char *b)
{
	size_t		 na = strlen(a), nb = strlen(b), i;
	unsigned char	 d = na != nb;

	for (i = 0; i < na && i < nb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

bool
vty_secret_check(const struct vty_secret *s, const char *pw)
{
	char	*h;
	bool	 ok;

	if (s->hash != NULL) {
		if ((h = secret_crypt(pw, s->hash)) == NULL)
			return false;
		ok = secret_equal(h, s->hash);
		free(h);
		return ok;
	}
	return s->plain != NULL && secret_equal(pw, s->plain);
}
